import { DomainError, NotFoundError, optionsOf, requireId, type RequestContext } from '../../../src';
import { CamerasErrorCodes } from '../errors';
import { directory } from '../../staff';
import { DeviceStatus, DeviceType } from '../entities/enums';
import { Device } from '../entities/device.entity';
import { CamerasPermissions } from '../permissions';
import type { CamerasOptions } from '../options';
import { ownerOf } from './devices.service';
import { signViewingGrant, type ViewingGrantClaims } from './viewing-grant';
import { CamerasRecords } from '../errors';

export interface IssuedGrant {
  token: string;
  expiresAt: Date;
  camera: Device;
  claims: ViewingGrantClaims;
}

/** Viewing grants: leaders of a camera's unit or of a unit above it may watch it, and the trail says so. */
export class WatchService {
  async requestGrant(ctx: RequestContext, cameraId: string): Promise<IssuedGrant> {
    ctx.require(CamerasPermissions.watch);
    const { em } = ctx;
    // A malformed id is the client's mistake (BAD_USER_INPUT on cameraId); unknown, not a camera, or
    // outside the units the caller may watch: the same answer, NOT_FOUND.
    const camera = await em.findOne(Device, { id: requireId(cameraId, 'cameraId') });
    if (
      !camera ||
      camera.type !== DeviceType.CAMERA ||
      !(await ctx.can(CamerasPermissions.watch, ownerOf(camera)))
    ) {
      throw new NotFoundError(CamerasRecords.camera, cameraId);
    }
    if (camera.status !== DeviceStatus.IN_SERVICE || !camera.streamUrl) {
      throw new DomainError(CamerasErrorCodes.CAMERA_NOT_STREAMING, {
        vi: 'Camera này không hoạt động hoặc không có địa chỉ luồng hình',
        en: 'This camera is not in service or has no stream endpoint',
      });
    }
    const options = optionsOf<CamerasOptions>(ctx.app, 'cameras');
    const user = ctx.user;
    // Only an ACTIVE official is named in the grant (staff's acting official, once per request).
    const official = await directory.activeActingOfficial(ctx);
    const now = Math.floor(Date.now() / 1000);
    const { token, claims } = signViewingGrant(options.grantKey, {
      cam: camera.id,
      sub: user?.subject ?? 'system',
      usr: user?.username ?? 'system',
      off: official?.id ?? null,
      iat: now,
      exp: now + options.grantTtlSeconds,
      url: camera.streamUrl,
      audio: camera.recordsAudio,
    });
    // Who watched what and when; the grant itself is a bearer secret and stays out of the trail.
    ctx.audit({
      action: 'cameras.camera.watch',
      entityType: 'Device',
      entityId: camera.id,
      unitId: camera.unitId,
      agencyId: camera.agencyId,
      after: {
        assetTag: camera.assetTag,
        officialId: claims.off,
        nonce: claims.nonce,
        expiresAt: new Date(claims.exp * 1000).toISOString(),
        audio: claims.audio,
      },
    });
    ctx.logger.info(
      { cameraId: camera.id, assetTag: camera.assetTag, nonce: claims.nonce },
      'camera viewing grant issued',
    );
    return { token, expiresAt: new Date(claims.exp * 1000), camera, claims };
  }
}
