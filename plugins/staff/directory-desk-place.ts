import { pgArray, readJoined, UUID_PATTERN as UUID, type RequestContext } from '../../src';
import { Agency } from './entities/agency.entity';
import { Desk } from './entities/desk.entity';
import { OneStopCentre } from './entities/one-stop-centre.entity';
import type { AgencyRecord, CentreRecord, DeskRecord } from './directory-records';

/** Where a desk is: the desk, its one-stop centre and the centre's agency. */
export interface DeskPlace {
  desk: DeskRecord;
  centre: CentreRecord;
  agency: AgencyRecord;
}

/**
 * A desk's place, by desk id: a per-request DataLoader reading the desk with its centre and agency in
 * one statement (a join), as read-only records. Why: a receipt, a device and a satisfaction label name the desk with its
 * centre and agency, and intake at the counter is a hot path where three loaders in a row
 * (desk → centre → agency) would be three round trips. A malformed or unknown id finds nothing.
 */
export function deskPlaceLoader(ctx: RequestContext) {
  return ctx.loader<string, DeskPlace | null>('staff.directory.desk-place', async (ids) => {
    const valid = [...new Set(ids.filter((id) => UUID.test(id)))];
    const places = new Map<string, DeskPlace>();
    if (valid.length) {
      const found = await readJoined(
        ctx.em,
        [Desk, OneStopCentre, Agency],
        ['d', 'c', 'a'],
        `from staff_desk d join staff_one_stop_centre c on c.id = d.centre_id join staff_agency a on a.id = c.agency_id
          where d.id = any(?::uuid[])`,
        [pgArray(valid)],
      );
      for (const [desk, centre, agency] of found) places.set(desk.id, { desk, centre, agency });
    }
    return ids.map((id) => places.get(id) ?? null);
  });
}
