import { UUID_PATTERN as UUID, type RequestContext } from '../../src';
import { Department } from './entities/department.entity';
import type { AgencyRecord, DepartmentRecord } from './directory-records';

/** Where a department is: the department and its agency. */
export interface DepartmentPlace {
  department: DepartmentRecord;
  agency: AgencyRecord;
}

/**
 * A department's place, by department id: a per-request DataLoader reading the department with its
 * agency in one statement (a join). Why: a transfer to a department also moves the dossier to the
 * department's agency (its unit, its calendar), and two loaders in a row would be two round trips.
 * A malformed or unknown id finds nothing.
 */
export function departmentPlaceLoader(ctx: RequestContext) {
  return ctx.loader<string, DepartmentPlace | null>('staff.directory.department-place', async (ids) => {
    const valid = [...new Set(ids.filter((id) => UUID.test(id)))];
    const departments = valid.length
      ? await ctx.em.find(Department, { id: { $in: valid } }, { populate: ['agency'] })
      : [];
    const places = new Map<string, DepartmentPlace>();
    for (const department of departments)
      places.set(department.id, { department, agency: department.agency.getEntity() });
    return ids.map((id) => places.get(id) ?? null);
  });
}
