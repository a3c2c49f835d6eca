/** Stored files sealed at rest (issue #14, decision 0034): on disk, read back, tampering, rotation. */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import { dataKeysFrom } from '../protection/data-keys.ts';
import { createDataProtection } from '../protection/data-protection.ts';
import { createLocalFileStorage, FileTooLargeError } from './file-storage.ts';
import { sealedFileStorage } from './sealed-file-storage.ts';

const KEY_1 = Buffer.alloc(32, 1).toString('base64');
const KEY_2 = Buffer.alloc(32, 2).toString('base64');
const LOOKUP = Buffer.alloc(32, 9).toString('base64');

describe('stored files', () => {
  const keys = (list: string) =>
    createDataProtection(dataKeysFrom({ DATA_ENCRYPTION_KEYS: list, DATA_LOOKUP_KEY: LOOKUP }));
  const read = async (stream: NodeJS.ReadableStream) => {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };

  test('a refused file (too large) has left nothing on disk by the time put rejects', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ingang-sealed-files-'));
    try {
      const storage = sealedFileStorage(createLocalFileStorage(dir), keys(`k1:${KEY_1}`));
      for (let round = 0; round < 20; round++) {
        // Slow chunks, so the temp file is open on disk when the limit is passed.
        async function* chunks() {
          for (let i = 0; i < 8; i++) {
            yield crypto.randomBytes(64 * 1024);
            await new Promise((resolve) => setImmediate(resolve));
          }
        }
        await assert.rejects(storage.put(Readable.from(chunks()), 200_000), FileTooLargeError);
        assert.deepEqual(
          fs.readdirSync(dir, { recursive: true }).filter((name) => String(name).includes('.')),
          [],
        );
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('files are sealed on disk, read back whole, refuse tampering, and move to a new key', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ingang-sealed-files-'));
    try {
      const disk = createLocalFileStorage(dir);
      const certificate = Buffer.concat([Buffer.from('Läkarintyg: epilepsi. '), crypto.randomBytes(200_000)]);
      const storage = sealedFileStorage(disk, keys(`k1:${KEY_1}`));
      const stored = await storage.put(Readable.from([certificate]), 300_000);
      assert.equal(stored.sizeBytes, certificate.length);
      assert.equal(stored.sha256, crypto.createHash('sha256').update(certificate).digest('hex'));
      const onDisk = fs.readFileSync(path.join(dir, stored.key.slice(0, 2), stored.key));
      assert.ok(!onDisk.includes(Buffer.from('epilepsi')), 'no plaintext on disk');
      assert.ok(onDisk.subarray(0, 8).equals(Buffer.from('INGANGF1')));
      assert.ok((await read(storage.read(stored.key))).equals(certificate));
      await assert.rejects(storage.put(Readable.from([certificate]), 1000), FileTooLargeError);

      // A file stored before sealing reads as it is, and a pass seals it.
      const old = await disk.put(Readable.from([Buffer.from('gammal fil')]), 100);
      assert.equal((await read(storage.read(old.key))).toString(), 'gammal fil');
      const rotated = sealedFileStorage(disk, keys(`k2:${KEY_2},k1:${KEY_1}`));
      assert.deepEqual((await rotated.fileKeyStatus()).files, { k1: 1, '': 1 });
      assert.equal(await rotated.resealFiles(), 2);
      assert.deepEqual((await rotated.fileKeyStatus()).files, { k2: 2 });
      const onlyNew = sealedFileStorage(disk, keys(`k2:${KEY_2}`));
      assert.ok((await read(onlyNew.read(stored.key))).equals(certificate), 'the old key can go');
      assert.equal((await read(onlyNew.read(old.key))).toString(), 'gammal fil');
      await assert.rejects(read(storage.read(stored.key)), /key "k2"/, 'a process without the key fails');

      // An altered byte, or a file cut short, fails instead of yielding other bytes.
      const file = path.join(dir, stored.key.slice(0, 2), stored.key);
      const bytes = fs.readFileSync(file);
      bytes[bytes.length - 100] = (bytes[bytes.length - 100] ?? 0) ^ 1;
      fs.writeFileSync(file, bytes);
      await assert.rejects(read(onlyNew.read(stored.key)), /altered or cut off/);
      fs.writeFileSync(file, bytes.subarray(0, 100_000));
      await assert.rejects(read(onlyNew.read(stored.key)), /altered or cut off/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
