import { z } from 'zod';
import { DyocenseError } from '../../errors/index.js';
import type { PluginContextV1 } from '../../plugin/spec/context-v1.js';
import { jsonPayloadOf } from '../mcp/mcp-records.js';
import type { McpHostOptions } from '../mcp/mcp-server-config.js';
import { type McpSession, openMcpSession, toolErrorText } from '../mcp/mcp-session.js';
import { type DriveFileSource, driveFileSchema } from './drive-file.js';
import type { DriveMcpConfig } from './google-drive-config.js';

const listResultSchema = z.object({
  files: z.array(driveFileSchema),
  nextCursor: z.string().min(1).nullish(),
});

/**
 * A Drive MCP server as a {@link DriveFileSource}. `listTool` is called with `{ folderId, modifiedSince? ,
 * cursor? }` and answers `{ files: [{ id, name, mimeType, modifiedTime }], nextCursor? }` (structured
 * content or JSON text); `readTool` is called with `{ fileId }` and answers the file as text (CSV, Sheets
 * exported as CSV) or as an embedded resource blob (.xlsx bytes in base64).
 */
export async function createDriveMcpSource(
  context: PluginContextV1,
  config: DriveMcpConfig,
  host: McpHostOptions,
): Promise<DriveFileSource> {
  const session: McpSession = await openMcpSession(context, config.server, host);
  async function call(tool: string, args: Record<string, unknown>, what: string) {
    const result = await session.callTool(tool, args);
    if (result.isError) {
      throw new DyocenseError({
        code: 'unavailable',
        message: `${what}: the MCP tool "${tool}" of ${session.serverName} failed: ${toolErrorText(result)}`,
      });
    }
    return result;
  }
  return {
    async *list(folderId, modifiedSince) {
      let cursor: string | undefined;
      do {
        const args = {
          folderId,
          ...(modifiedSince === undefined ? {} : { modifiedSince }),
          ...(cursor === undefined ? {} : { cursor }),
        };
        const what = `Listing Drive folder ${folderId}`;
        const page = listResultSchema.safeParse(jsonPayloadOf(await call(config.listTool, args, what)));
        if (!page.success) {
          throw new DyocenseError({
            code: 'unavailable',
            message: `${what}: the MCP tool "${config.listTool}" answered without a valid { files } list`,
            cause: page.error,
          });
        }
        yield* page.data.files;
        cursor = page.data.nextCursor ?? undefined;
      } while (cursor !== undefined);
    },
    async content(file) {
      const what = `Reading Drive file "${file.name}" (${file.id})`;
      const result = await call(config.readTool, { fileId: file.id }, what);
      const block = result.content.find((item) => item.blob !== undefined || item.text !== undefined);
      if (block?.blob !== undefined) return new Uint8Array(Buffer.from(block.blob, 'base64'));
      if (block?.text !== undefined) return block.text;
      throw new DyocenseError({
        code: 'unavailable',
        message: `${what}: the MCP tool "${config.readTool}" returned no text or blob content`,
      });
    },
    close: () => session.close(),
  };
}
