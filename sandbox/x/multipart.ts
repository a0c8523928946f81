import type { Multipart, MultipartFile } from '@fastify/multipart';
import type { FormFields } from './openapi-validator.js';

export interface UploadedFile {
  bytes: Buffer;
  fileName: string;
  mimeType: string;
}

export interface MultipartBody {
  fields: Record<string, string>;
  files: Record<string, UploadedFile>;
}

/** What a file field looks like to the OpenAPI validator: a string of bytes, content unchecked. */
const FILE_MARKER = '(binary)';

type AttachedBody = Record<string, Multipart | Multipart[] | undefined>;

/**
 * Splits a body that @fastify/multipart attached (attachFieldsToBody: true) into text fields and
 * files. A field sent twice keeps its last value, as most form readers do.
 */
export async function readMultipart(body: unknown): Promise<MultipartBody> {
  const result: MultipartBody = { fields: {}, files: {} };
  for (const [name, entry] of Object.entries((body ?? {}) as AttachedBody)) {
    const part = Array.isArray(entry) ? entry[entry.length - 1] : entry;
    if (!part) continue;
    if (part.type === 'file') {
      result.files[name] = { bytes: await part.toBuffer(), fileName: part.filename, mimeType: part.mimetype };
    } else {
      result.fields[name] = String(part.value);
    }
  }
  return result;
}

/** The same body as flat form fields, for schema validation. */
export function multipartFormFields(body: unknown): FormFields {
  const fields: FormFields = {};
  for (const [name, entry] of Object.entries((body ?? {}) as AttachedBody)) {
    const part = Array.isArray(entry) ? entry[entry.length - 1] : entry;
    if (!part) continue;
    fields[name] = isFile(part) ? FILE_MARKER : String(part.value);
  }
  return fields;
}

function isFile(part: Multipart): part is MultipartFile {
  return part.type === 'file';
}
