import type { Client } from 'pg';
import { GEN, type GenSettings, type Step } from './common';

/**
 * Devices at today's one-stop desks: desk n of the province gets device types in a fixed cycle
 * (computers, scanners, printers, cameras, photocopiers; queue machines, kiosks, tablets and
 * video-conference sets at the centre). One commune in ten has not installed its cameras yet (they
 * are in stock), 8 % of installed cameras are offline now, warranties run three years.
 */
const CYCLE = `array['COMPUTER','SCANNER','CAMERA','PRINTER','COMPUTER','QUEUE_MACHINE','PHOTOCOPIER','LOOKUP_KIOSK','SATISFACTION_TABLET','CAMERA','COMPUTER','VIDEO_CONFERENCE']`;
const CENTRE_LEVEL = `('QUEUE_MACHINE','LOOKUP_KIOSK','SATISFACTION_TABLET','VIDEO_CONFERENCE')`;
const NETWORKED = `('CAMERA','COMPUTER','QUEUE_MACHINE','LOOKUP_KIOSK')`;

export function camerasSteps(s: GenSettings): Step[] {
  const N = s.counts.devices;
  const endTs = `${GEN}.local_ts(date '${s.endDate}', 1020)`;
  return [
    {
      table: 'cameras_device',
      async run(c: Client) {
        await c.query(`create unlogged table ${GEN}.desk as
          select (row_number() over (order by a.ord, dk) - 1)::int as idx, md5('desk:' || a.ord || ':' || dk)::uuid as desk_id, a.ord as agency_ord, a.id as agency_id,
                 a.unit_id, md5('centre:' || a.ord)::uuid as centre_id, ${GEN}.h(a.ord, 91) % 10 = 0 as no_cameras
            from ${GEN}.agency a cross join generate_series(1, a.desks) dk where a.era = 'NEW'`);
        const desks = Number((await c.query(`select count(*) from ${GEN}.desk`)).rows[0].count);
        await c.query(`create unlogged table ${GEN}.device as
          select n, md5('device:' || n)::uuid as id, d.*, (${CYCLE})[1 + ((n - 1) / ${desks}) % 12] as type, ${GEN}.h(n, 92) % 100 as u
            from generate_series(1, ${N}) n join ${GEN}.desk d on d.idx = (n - 1) % ${desks}`);
        const res =
          await c.query(`insert into cameras_device (id, created_at, updated_at, asset_tag, type, serial, vendor, model, purchase_date, warranty_ends_on, status,
            host, port, unit_id, agency_id, centre_id, desk_id, custodian_id, notes, stream_protocol, stream_url, records_audio, watched_desk_id, credentials_cipher, credentials_set_at)
          select v.id, now(), now(), 'QN-' || lpad(v.n::text, 6, '0'), v.type::cameras_device_type, 'SN' || upper(substr(md5('serial' || v.n), 1, 10)),
                 case v.type when 'CAMERA' then (array['Hikvision','Dahua','KBVision'])[1 + v.n % 3] when 'COMPUTER' then (array['Dell','HP','Lenovo'])[1 + v.n % 3]
                   when 'SCANNER' then (array['Canon','Fujitsu','Epson'])[1 + v.n % 3] else (array['Canon','Ricoh','Samsung','Viettel'])[1 + v.n % 4] end,
                 'M' || (100 + v.n % 17),
                 date '2019-01-01' + (${GEN}.h(v.n, 93) % 2300)::int, date '2019-01-01' + (${GEN}.h(v.n, 93) % 2300)::int + 1095,
                 (case when v.type = 'CAMERA' and v.no_cameras then 'IN_STOCK' when v.u < 90 then 'IN_SERVICE' when v.u < 94 then 'UNDER_REPAIR'
                       when v.u < 97 then 'IN_STOCK' else 'RETIRED' end)::cameras_device_status,
                 case when v.type in ${NETWORKED} then '10.' || (v.agency_ord % 250) || '.' || (v.idx % 250) || '.' || (1 + v.n % 250) end,
                 case when v.type = 'CAMERA' then 554 when v.type in ${NETWORKED} then 3389 end,
                 v.unit_id, v.agency_id, v.centre_id, case when v.type not in ${CENTRE_LEVEL} then v.desk_id end, null, null,
                 case when v.type = 'CAMERA' then 'RTSP' end::cameras_stream_protocol,
                 case when v.type = 'CAMERA' then 'rtsp://10.' || (v.agency_ord % 250) || '.' || (v.idx % 250) || '.' || (1 + v.n % 250) || ':554/Streaming/Channels/101' end,
                 v.type = 'CAMERA' and v.u % 10 < 7, case when v.type = 'CAMERA' then v.desk_id end, null, null
            from ${GEN}.device v`);
        return res.rowCount;
      },
    },
    {
      table: 'cameras_placement',
      async run(c: Client) {
        const created =
          await c.query(`insert into cameras_placement (id, created_at, updated_at, device_id, reason, at, from_unit_id, from_agency_id, from_centre_id, from_desk_id,
            to_unit_id, to_agency_id, to_centre_id, to_desk_id, actor_subject, actor_name, note)
          select md5('placement:' || d.asset_tag)::uuid, now(), now(), d.id, 'IMPORTED', d.purchase_date::timestamptz, null, null, null, null,
                 d.unit_id, d.agency_id, d.centre_id, d.desk_id, 'bench', 'Nhập dữ liệu', null
            from cameras_device d`);
        return created.rowCount;
      },
    },
    {
      table: 'cameras_maintenance',
      async run(c: Client) {
        return (
          await c.query(`insert into cameras_maintenance (id, created_at, updated_at, device_id, performed_on, fault, repair, cost_vnd, vendor, recorded_by)
          select md5('maintenance:' || v.n || ':' || k)::uuid, now(), now(), v.id, date '${s.endDate}' - (${GEN}.h(v.n * 3 + k, 94) % 900)::int,
                 (array['Không lên nguồn','Kẹt giấy','Mất tín hiệu','Hỏng ổ cứng','Màn hình cảm ứng không nhận'])[1 + (v.n + k) % 5],
                 'Đã thay thế linh kiện', 200000 + (${GEN}.h(v.n, 95) % 40) * 50000, 'Viettel Quảng Ninh', 'Quản trị CNTT'
            from ${GEN}.device v cross join generate_series(1, 1 + (v.u % 2)::int) k where v.u % 10 = 3`)
        ).rowCount;
      },
    },
    {
      table: 'cameras_device_health',
      async run(c: Client) {
        // Probed devices: networked and in service. 8 % of cameras (3 % of the rest) offline now.
        return (
          await c.query(`insert into cameras_device_health (device_id, state, state_since, last_seen_at, last_probe_at, consecutive_failures, failing_since, alert_sent_at, last_error)
          select d.id, case when off then 'OFFLINE' else 'ONLINE' end::cameras_health_state,
                 ${endTs} - make_interval(hours => (${GEN}.h(v.n, 96) % 400)::int),
                 case when off then ${endTs} - make_interval(hours => (${GEN}.h(v.n, 96) % 400)::int) - interval '5 minutes' else ${endTs} - interval '2 minutes' end,
                 ${endTs} - interval '2 minutes', case when off then 3 + (v.n % 20)::int else 0 end,
                 case when off then ${endTs} - make_interval(hours => (${GEN}.h(v.n, 96) % 400)::int) end,
                 case when off then ${endTs} - make_interval(hours => (${GEN}.h(v.n, 96) % 400)::int) + interval '15 minutes' end,
                 case when off then case when d.type = 'CAMERA' then 'RTSP OPTIONS timed out' else 'connect ETIMEDOUT' end end
            from cameras_device d join ${GEN}.device v on v.id = d.id
            cross join lateral (select ${GEN}.h(v.n, 97) % 100 < case when d.type = 'CAMERA' then 8 else 3 end as off) o
           where d.status = 'IN_SERVICE' and d.host is not null`)
        ).rowCount;
      },
    },
    {
      table: 'cameras_health_transition',
      async run(c: Client) {
        return (
          await c.query(`insert into cameras_health_transition (id, created_at, updated_at, device_id, from_state, to_state, at, detail)
          select md5('transition:' || h.device_id)::uuid, h.state_since, h.state_since, h.device_id, 'ONLINE', 'OFFLINE', h.state_since, h.last_error
            from cameras_device_health h where h.state = 'OFFLINE'`)
        ).rowCount;
      },
    },
  ];
}
