import { randomBytes } from 'node:crypto';
import { createTestApp, TestApp } from '../../../test/harness';
import { staffPlugin } from '../../staff';
import { arrangeStaffWorld, StaffWorld } from '../../staff/test/fixtures';
import { camerasPlugin, devices } from '..';
import { CreateDeviceDocument, SetCameraCredentialsDocument } from '../../../test/graphql/generated';

/**
 * Rotating CAMERAS_CREDENTIALS_KEY: three API processes on one database, one per stage — the old key;
 * the new key with the old one as previous (reads both, the job moves every row); the new key alone.
 */
describe('camera credentials key rotation', () => {
  const oldKey = randomBytes(32).toString('base64');
  const newKey = randomBytes(32).toString('base64');
  const grantKey = randomBytes(32).toString('base64');
  let first: TestApp;
  let w: StaffWorld;
  const apps: TestApp[] = [];
  const start = async (env: Record<string, string>, databaseUrl?: string) => {
    const app = await createTestApp({
      plugins: [staffPlugin, camerasPlugin],
      databaseUrl,
      env: { CAMERAS_GRANT_KEY: grantKey, CAMERAS_PROBE_SCHEDULE: 'off', ...env },
    });
    apps.push(app);
    return app;
  };
  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
  });

  it('reads with the previous key during the rotation, moves every row to the new key, then needs only the new key', async () => {
    first = await start({ CAMERAS_CREDENTIALS_KEY: oldKey });
    w = await arrangeStaffWorld(first);
    const camera = (
      await first.query(
        CreateDeviceDocument,
        {
          input: {
            assetTag: 'QN-HL-CAM-09',
            type: 'CAMERA',
            placement: { deskId: w.deskA.id },
            camera: { protocol: 'RTSP', streamUrl: 'rtsp://10.0.0.9:554/live', recordsAudio: false },
          },
        },
        { token: w.adminToken },
      )
    ).createDevice;
    await first.query(
      SetCameraCredentialsDocument,
      { input: { cameraId: camera.id, username: 'admin', password: 'Cam-Quay-9!' } },
      { token: w.adminToken },
    );
    const [sealedOld] = await first.sql(`select credentials_cipher from cameras_device where id = $1`, [
      camera.id,
    ]);

    const rotating = await start(
      { CAMERAS_CREDENTIALS_KEY: newKey, CAMERAS_CREDENTIALS_PREVIOUS_KEYS: oldKey },
      first.databaseUrl,
    );
    expect(await devices.credentialsFor(rotating.app.systemContext(), camera.id)).toEqual({
      username: 'admin',
      password: 'Cam-Quay-9!',
    });
    await rotating.sql(`select graphile_worker.add_job('cameras.reencrypt-credentials', '{}'::json)`);
    await rotating.runJobs();
    const [sealedNew] = await rotating.sql(`select credentials_cipher from cameras_device where id = $1`, [
      camera.id,
    ]);
    expect(sealedNew.credentials_cipher).not.toBe(sealedOld.credentials_cipher);
    const [audit] = await rotating.sql(
      `select after from core_audit_entry where action = 'cameras.credentials.reencrypt'`,
    );
    expect(audit.after).toEqual({ moved: 1, unreadable: 0 });

    const rotated = await start({ CAMERAS_CREDENTIALS_KEY: newKey }, first.databaseUrl);
    expect(await devices.credentialsFor(rotated.app.systemContext(), camera.id)).toEqual({
      username: 'admin',
      password: 'Cam-Quay-9!',
    });
    // The old key alone no longer opens it.
    const stale = await start({ CAMERAS_CREDENTIALS_KEY: oldKey }, first.databaseUrl);
    await expect(devices.credentialsFor(stale.app.systemContext(), camera.id)).rejects.toThrow(
      'cannot be decrypted',
    );
  });

  it('refuses a malformed previous key without echoing it', async () => {
    await expect(
      start({ CAMERAS_CREDENTIALS_KEY: newKey, CAMERAS_CREDENTIALS_PREVIOUS_KEYS: 'not-a-key' }),
    ).rejects.toThrow(/CAMERAS_CREDENTIALS_PREVIOUS_KEYS must be exactly 32 bytes/);
  });
});
