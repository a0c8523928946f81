import { createCipheriv, randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { multipartPayload } from '../x/testing.js';
import { createSnapchatEmulator } from './emulator.js';

const emulator = createSnapchatEmulator({
  clients: [{ clientId: 'app', clientSecret: 's', redirectUris: ['http://localhost/cb'] }],
});
afterAll(() => emulator.app.close());

describe('Snapchat emulator', () => {
  it('takes media only when the parts decrypt with the declared key and IV', async () => {
    const profile = emulator.state.ensureProfile('brand');
    const { access } = emulator.state.issueTokens('app', profile.id, ['snapchat-profile-api']);
    const auth = { authorization: `Bearer ${access.token}` };
    const key = randomBytes(32);
    const iv = randomBytes(16);
    const base = `/v1/public_profiles/${profile.id}`;
    const create = () =>
      emulator.app.inject({
        method: 'POST',
        url: `${base}/media`,
        headers: auth,
        payload: { type: 'IMAGE', name: 'a.png', key: key.toString('base64'), iv: iv.toString('base64') },
      });
    const step = async (mediaId: string, fields: Record<string, string>, file?: Buffer) => {
      const form = await multipartPayload(
        file ? { ...fields, file: { bytes: file, fileName: 'a.enc', type: 'application/octet-stream' } } : fields,
      );
      return emulator.app.inject({
        method: 'POST',
        url: `${base}/media/${mediaId}/multipart-upload`,
        headers: { ...auth, ...form.headers },
        payload: form.payload,
      });
    };
    const good = (await create()).json().media_id as string;
    const cipher = createCipheriv('aes-256-cbc', key, iv);
    const encrypted = Buffer.concat([cipher.update(Buffer.from('an image')), cipher.final()]);
    await step(good, { action: 'INIT' });
    await step(good, { action: 'ADD', part_number: '1' }, encrypted);
    expect((await step(good, { action: 'FINALIZE' })).statusCode).toBe(200);

    const bad = (await create()).json().media_id as string;
    await step(bad, { action: 'INIT' });
    await step(bad, { action: 'ADD', part_number: '1' }, Buffer.from('not encrypted at all'));
    const refused = await step(bad, { action: 'FINALIZE' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ request_status: 'ERROR' });
    const story = await emulator.app.inject({
      method: 'POST',
      url: `${base}/stories`,
      headers: auth,
      payload: { media_id: bad },
    });
    expect(story.statusCode).toBe(400);
  });
});
