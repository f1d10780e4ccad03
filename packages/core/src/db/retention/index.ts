export {
  type ApplyRetentionOptions,
  type ArchivedMonth,
  applyRetention,
  archiveDirectoryFromEnvironment,
  defaultArchiveDirectory,
  type RetentionReport,
  tenantArchiveDirectory,
} from './apply-retention.js';
export { decodeArchive, encodeArchive, readArchiveFile } from './archive-file.js';
export { type ArchivedPoint, archiveChecksum, retentionCutoff } from './archive-points.js';
export { listTenantArchiveFiles, removeTenantArchive } from './erase-tenant-archive.js';
export {
  type ArchivedRead,
  type InstantRange,
  mergeRawPoints,
  type RawPointRow,
  readArchivedPoints,
} from './read-archived.js';
export {
  maxRawDays,
  type RetentionPolicy,
  readRetentionPolicy,
  retentionPolicyInputSchema,
  setRetentionPolicy,
} from './retention-policy.js';
