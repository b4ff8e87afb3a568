import { MAX_SECRET_BYTES, secretKeySchema } from '@internal/plugin-idp-secrets-common';

export const BINARY_FILE_MESSAGE = 'This file is not text: base64-encode it first (base64 file > file.b64) and decode it in the app';

// Text files hold tabs, line ends and form feeds; any other control character means binary.
const isBinaryControl = (code: number) => (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d) || code === 0x7f;

/** The UTF-8 text of a file's bytes, or undefined when they are not text (invalid UTF-8, control characters). */
export function textOfBytes(bytes: Uint8Array): string | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  for (let i = 0; i < text.length; i++) if (isBinaryControl(text.charCodeAt(i))) return undefined;
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

function bytesOf(file: Blob): Promise<Uint8Array> {
  // FileReader rather than Blob.arrayBuffer: every browser (and jsdom) has it.
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(new Error(`Could not read ${(file as File).name ?? 'the file'}: ${reader.error?.message ?? 'the browser refused'}; choose it again`));
    reader.readAsArrayBuffer(file);
  });
}

/** A chosen file as a value: UTF-8 text, within a secret's size; otherwise rejects with what to do. */
export async function readTextFile(file: File): Promise<string> {
  if (file.size > MAX_SECRET_BYTES) {
    throw new Error(`This file is ${Math.ceil(file.size / 1024)} KiB; a secret holds at most ${MAX_SECRET_BYTES / 1024} KiB. Keep large files in the image or a volume`);
  }
  const text = textOfBytes(await bytesOf(file));
  if (text === undefined) throw new Error(BINARY_FILE_MESSAGE);
  return text;
}

/** A key named after a file (`tls.crt`, `config.json`), when the file's name is a valid key. */
export function keyOfFileName(name: string): string | undefined {
  const base = name.split(/[\\/]/).pop() ?? '';
  return secretKeySchema.safeParse(base).success ? base : undefined;
}
