import { Migration } from '@mikro-orm/migrations';

/** Device inventory, camera settings, placement history, maintenance log, probe health and transitions. */
export class Migration20261123090000_cameras extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create type cameras_device_type as enum ('COMPUTER', 'SCANNER', 'PRINTER', 'PHOTOCOPIER', 'QUEUE_MACHINE', 'LOOKUP_KIOSK', 'SATISFACTION_TABLET', 'VIDEO_CONFERENCE', 'CAMERA', 'OTHER')`,
    );
    this.addSql(
      `create type cameras_device_status as enum ('IN_STOCK', 'IN_SERVICE', 'UNDER_REPAIR', 'RETIRED')`,
    );
    this.addSql(`create type cameras_stream_protocol as enum ('RTSP', 'ONVIF', 'HLS')`);
    this.addSql(`create type cameras_health_state as enum ('ONLINE', 'OFFLINE')`);
    this.addSql(
      `create type cameras_placement_reason as enum ('CREATED', 'MOVED', 'IMPORTED', 'REORGANISATION')`,
    );

    this.addSql(`create table cameras_device (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null, version int not null default 1,
      asset_tag text not null constraint cameras_device_asset_tag_unique unique,
      type cameras_device_type not null, serial text null, vendor text null, model text null,
      purchase_date date null, warranty_ends_on date null,
      status cameras_device_status not null default 'IN_STOCK',
      host text null, port int null check (port between 1 and 65535),
      unit_id uuid not null references staff_unit (id) on update cascade on delete restrict,
      agency_id uuid null references staff_agency (id) on update cascade on delete set null,
      centre_id uuid null references staff_one_stop_centre (id) on update cascade on delete set null,
      desk_id uuid null references staff_desk (id) on update cascade on delete set null,
      custodian_id uuid null references staff_official (id) on update cascade on delete set null,
      notes text null,
      stream_protocol cameras_stream_protocol null, stream_url text null, records_audio boolean not null default false,
      watched_desk_id uuid null references staff_desk (id) on update cascade on delete set null,
      credentials_cipher text null, credentials_set_at timestamptz null,
      constraint cameras_device_host_port_check check ((host is null) = (port is null)),
      constraint cameras_device_stream_check check ((stream_url is null) = (stream_protocol is null)),
      constraint cameras_device_camera_only_check check (type = 'CAMERA'
        or (stream_url is null and credentials_cipher is null and watched_desk_id is null and not records_audio)))`);
    this.addSql(`create index cameras_device_unit_idx on cameras_device (unit_id)`);
    this.addSql(`create index cameras_device_agency_idx on cameras_device (agency_id)`);
    this.addSql(`create index cameras_device_centre_idx on cameras_device (centre_id)`);
    this.addSql(`create index cameras_device_desk_idx on cameras_device (desk_id)`);
    this.addSql(`create index cameras_device_watched_desk_idx on cameras_device (watched_desk_id)`);
    this.addSql(`create index cameras_device_custodian_idx on cameras_device (custodian_id)`);
    this.addSql(`create index cameras_device_type_status_idx on cameras_device (type, status)`);
    this.addSql(`create index cameras_device_warranty_idx on cameras_device (warranty_ends_on)`);

    this.addSql(`create table cameras_placement (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null,
      device_id uuid not null references cameras_device (id) on update cascade on delete cascade,
      reason cameras_placement_reason not null, at timestamptz not null,
      from_unit_id uuid null, from_agency_id uuid null, from_centre_id uuid null, from_desk_id uuid null,
      to_unit_id uuid not null, to_agency_id uuid null, to_centre_id uuid null, to_desk_id uuid null,
      actor_subject text null, actor_name text null, note text null)`);
    this.addSql(`create index cameras_placement_device_idx on cameras_placement (device_id, at)`);

    this.addSql(`create table cameras_maintenance (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null,
      device_id uuid not null references cameras_device (id) on update cascade on delete cascade,
      performed_on date not null, fault text not null, repair text null,
      cost_vnd bigint null check (cost_vnd >= 0), vendor text null, recorded_by text null)`);
    this.addSql(
      `create index cameras_maintenance_device_idx on cameras_maintenance (device_id, performed_on)`,
    );

    this.addSql(`create table cameras_device_health (
      device_id uuid primary key references cameras_device (id) on update cascade on delete cascade,
      state cameras_health_state null, state_since timestamptz null,
      last_seen_at timestamptz null, last_probe_at timestamptz null,
      consecutive_failures int not null default 0, failing_since timestamptz null,
      alert_sent_at timestamptz null, last_error text null)`);
    this.addSql(`create index cameras_device_health_state_idx on cameras_device_health (state)`);

    this.addSql(`create table cameras_health_transition (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null,
      device_id uuid not null references cameras_device (id) on update cascade on delete cascade,
      from_state cameras_health_state null, to_state cameras_health_state not null,
      at timestamptz not null, detail text null)`);
    this.addSql(
      `create index cameras_health_transition_device_idx on cameras_health_transition (device_id, at)`,
    );
  }
}
