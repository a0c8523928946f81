import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const VERSION = 'v1';

/**
 * Seals small secrets (account tokens, PKCE verifiers) with AES-256-GCM before they reach the database.
 * The format `v1.<iv>.<tag>.<ciphertext>` (base64url) leaves room for key rotation later.
 */
export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  static fromKey(base64Key: string): SecretBox {
    const key = Buffer.from(base64Key, 'base64');
    if (key.length !== 32)
      throw new Error('CRIER_SECRET_KEY must be 32 bytes, base64-encoded (openssl rand -base64 32)');
    return new SecretBox(key);
  }

  /** Reads the key file in the data folder, creating it (mode 600) on first start. */
  static fromKeyFile(dataDir: string): SecretBox {
    const file = path.join(dataDir, 'secret.key');
    if (!fs.existsSync(file)) {
      fs.mkdirSync(dataDir, { recursive: true });
      fs.writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
    }
    return SecretBox.fromKey(fs.readFileSync(file, 'utf8').trim());
  }

  seal(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  open(sealed: string): string {
    const [version, iv, tag, ciphertext] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || ciphertext === undefined)
      throw new Error('sealed secret has an unknown format');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }

  sealJson(value: unknown): string {
    return this.seal(JSON.stringify(value));
  }

  openJson<T>(sealed: string): T {
    return JSON.parse(this.open(sealed)) as T;
  }
}
