import { registerEnumType } from 'type-graphql';

/** What a device is. Cameras carry stream settings and credentials; the others only inventory data. */
export enum DeviceType {
  COMPUTER = 'COMPUTER',
  SCANNER = 'SCANNER',
  PRINTER = 'PRINTER',
  PHOTOCOPIER = 'PHOTOCOPIER',
  /** Máy lấy số tự động */
  QUEUE_MACHINE = 'QUEUE_MACHINE',
  /** Máy tra cứu */
  LOOKUP_KIOSK = 'LOOKUP_KIOSK',
  /** Máy tính bảng đánh giá mức độ hài lòng */
  SATISFACTION_TABLET = 'SATISFACTION_TABLET',
  VIDEO_CONFERENCE = 'VIDEO_CONFERENCE',
  CAMERA = 'CAMERA',
  OTHER = 'OTHER',
}
registerEnumType(DeviceType, { name: 'DeviceType', description: 'Kind of device at a one-stop desk' });

export enum DeviceStatus {
  IN_STOCK = 'IN_STOCK',
  IN_SERVICE = 'IN_SERVICE',
  UNDER_REPAIR = 'UNDER_REPAIR',
  RETIRED = 'RETIRED',
}
registerEnumType(DeviceStatus, {
  name: 'DeviceStatus',
  description: 'Only IN_SERVICE devices are probed and counted in coverage',
});

export enum CameraStreamProtocol {
  /** rtsp:// or rtsps:// stream; probed with an RTSP OPTIONS request (rtsp://) or a TCP connect (rtsps://). */
  RTSP = 'RTSP',
  /** http(s):// ONVIF device service; probed with a TCP connect. */
  ONVIF = 'ONVIF',
  /** http(s):// HLS playlist (.m3u8); probed with a TCP connect. */
  HLS = 'HLS',
}
registerEnumType(CameraStreamProtocol, { name: 'CameraStreamProtocol' });

export enum HealthState {
  ONLINE = 'ONLINE',
  OFFLINE = 'OFFLINE',
}
registerEnumType(HealthState, { name: 'DeviceHealthState' });

export enum PlacementReason {
  CREATED = 'CREATED',
  MOVED = 'MOVED',
  IMPORTED = 'IMPORTED',
  /** The unit it stood in was closed by a reorganisation (staff's UnitReorganised event). */
  REORGANISATION = 'REORGANISATION',
}
registerEnumType(PlacementReason, { name: 'DevicePlacementReason' });
