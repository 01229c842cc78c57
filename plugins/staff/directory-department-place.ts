import { pgArray, readJoined, UUID_PATTERN as UUID, type RequestContext } from '../../src';
import { Agency } from './entities/agency.entity';
import { Department } from './entities/department.entity';
import type { AgencyRecord, DepartmentRecord } from './directory-records';

/** Where a department is: the department and its agency. */
export interface DepartmentPlace {
  department: DepartmentRecord;
  agency: AgencyRecord;
}

/**
 * A department's place, by department id: a per-request DataLoader reading the department with its
 * agency in one statement (a join), as read-only records. Why: a transfer to a department also moves the dossier to the
 * department's agency (its unit, its calendar), and two loaders in a row would be two round trips.
 * A malformed or unknown id finds nothing.
 */
export function departmentPlaceLoader(ctx: RequestContext) {
  return ctx.loader<string, DepartmentPlace | null>('staff.directory.department-place', async (ids) => {
    const valid = [...new Set(ids.filter((id) => UUID.test(id)))];
    const places = new Map<string, DepartmentPlace>();
    if (valid.length) {
      const found = await readJoined(
        ctx.em,
        [Department, Agency],
        ['d', 'a'],
        'from staff_department d join staff_agency a on a.id = d.agency_id where d.id = any(?::uuid[])',
        [pgArray(valid)],
      );
      for (const [department, agency] of found) places.set(department.id, { department, agency });
    }
    return ids.map((id) => places.get(id) ?? null);
  });
}
