import { z } from 'zod';

/** `scope/name`, each part a lower-case slug with hyphens, e.g. `acme/shopify-orders`. */
export const pluginIdSchema = z
  .string()
  .max(100)
  .regex(
    /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*\/[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/,
    'must be a scoped slug "scope/name" of lower-case letters, digits and single hyphens',
  );

/** Id of a connector, KPI, model, optimizer or widget: a lower-case slug (letters, digits, `_`, `-`, `.`). */
export const contributionIdSchema = z
  .string()
  .max(100)
  .regex(
    /^[a-z][a-z0-9]*(?:[-_.][a-z0-9]+)*$/,
    'must be a lower-case slug: a letter, then letters or digits separated by single "-", "_" or "."',
  );

const reservedElementNames = new Set([
  'annotation-xml',
  'color-profile',
  'font-face',
  'font-face-src',
  'font-face-uri',
  'font-face-format',
  'font-face-name',
  'missing-glyph',
]);

/** A valid custom-element name (ASCII subset of the HTML rule): lower case, contains a hyphen, not reserved. */
export const customElementNameSchema = z
  .string()
  .max(100)
  .regex(/^[a-z][a-z0-9._]*-[a-z0-9._-]*$/, 'must be a custom-element name: lower case, with a hyphen')
  .refine((name) => !reservedElementNames.has(name), { message: 'is a reserved element name' });

const label = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const hostnamePattern = new RegExp(`^(?:${label}\\.)+${label}$|^${label}$`);

/** True for a lower-case DNS host name that is not an IPv4 literal (the last label is not all digits). */
export function isDnsHostname(value: string): boolean {
  if (value.length > 253 || !hostnamePattern.test(value)) return false;
  const last = value.slice(value.lastIndexOf('.') + 1);
  return !/^[0-9]+$/.test(last) && !/^0x[0-9a-f]*$/.test(last);
}

/**
 * An `allowedHosts` entry: a DNS host name (`api.example.com`) or a wildcard over the subdomains of a
 * name with at least two labels (`*.example.com`). No scheme, port, path, IP literal or upper case.
 */
export const allowedHostSchema = z.string().refine(
  (value) => {
    if (value.startsWith('*.')) {
      const domain = value.slice(2);
      return domain.includes('.') && isDnsHostname(domain);
    }
    return isDnsHostname(value);
  },
  {
    message:
      'must be a lower-case host name such as "api.example.com" or a wildcard such as "*.example.com" (no scheme, port, path or IP address)',
  },
);
