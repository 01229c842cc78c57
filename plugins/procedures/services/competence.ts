import { DomainError, localDateOf, pgArray, preparedRows, type RequestContext } from '../../../src';
import { ResolvingLevel } from '../domain/enums';
import { ProceduresErrorCodes } from '../errors';
import { DISTRICTS_ABOLISHED } from './catalogue.service';

/** An agency as the competence rules need it (read from staff's public view). */
interface AgencyRow {
  id: string;
  kind: string;
  unit_id: string;
  unit_level: number;
  active: boolean;
}

export interface Competence {
  agencyId: string;
  unitId: string;
}

const FROM = `select a.id, a.kind::text as kind, a.unit_id, u.level as unit_level, a.active
  from staff_agency_v a join staff_unit_v u on u.id = a.unit_id`;

/**
 * The agency competent to resolve a dossier (cơ quan có thẩm quyền giải quyết), from the procedure
 * version and the agency whose desk receives it, and whether that desk may receive it at all.
 *
 * - A version may name its resolving agencies (`resolvingAgencyIds`, e.g. the provincial Department
 *   of Justice). The receiving agency is competent when it is named.
 * - COMMUNE procedures are received at a commune's desk (its People's Committee or its centre) and
 *   resolved by that commune: the named agency in the commune, else its People's Committee.
 * - PROVINCE procedures may be received at any desk of the province: since 1 Jul 2025 a commune
 *   centre receives the province's procedures regardless of boundaries (Decree 118/2025/NĐ-CP). They
 *   are resolved by the named agency of that province; when none is named, by the receiving agency
 *   if it is a provincial one, else by the province's People's Committee.
 * - DISTRICT procedures are resolved where received, and only before 1 Jul 2025: from that day there
 *   is no district level (a DISTRICT version still in force then is refused until a PROVINCE or
 *   COMMUNE version replaces it).
 * - A version may list the kinds of agency that accept it (`acceptingAgencyKinds`); a desk of another
 *   kind refuses it, before any of the above.
 * Anything else is refused with PROCEDURE_NOT_ACCEPTED_HERE.
 */
export async function competenceFor(
  ctx: RequestContext,
  version: {
    code: string;
    level: ResolvingLevel;
    resolvingAgencyIds: string[];
    acceptingAgencyKinds?: string[] | null;
  },
  receivingAgencyId: string,
  /** The instant of the intake (its Vietnamese day decides whether a district level exists). */
  at: Date = new Date(),
): Promise<Competence> {
  // In the intake's transaction (a second pool connection per intake would starve the pool), as
  // prepared statements: every text below is fixed, and one runs on every intake.
  const [receiving] = await preparedRows<AgencyRow>(ctx.em, `${FROM} where a.id = ?`, [receivingAgencyId]);
  if (!receiving)
    throw new DomainError('NOT_FOUND', { vi: 'Không tìm thấy cơ quan', en: 'Agency not found' });
  const named = version.resolvingAgencyIds ?? [];
  const own = { agencyId: receiving.id, unitId: receiving.unit_id };
  const refuse = (why: string): never => {
    throw new DomainError(
      ProceduresErrorCodes.PROCEDURE_NOT_ACCEPTED_HERE,
      `Procedure ${version.code} is not received at this agency: ${why}`,
      { procedureCode: version.code, agencyId: receiving.id },
    );
  };
  // The catalogue may restrict which kinds of agency receive it (e.g. only public service centres).
  const kinds = version.acceptingAgencyKinds ?? [];
  if (kinds.length && !kinds.includes(receiving.kind))
    refuse(`it is received only at agencies of kind ${kinds.join(', ')}, not ${receiving.kind}`);
  if (named.includes(receiving.id)) return own;
  const pick = async (where: string, params: unknown[]): Promise<Competence | null> => {
    const [row] = await preparedRows<AgencyRow>(
      ctx.em,
      `${FROM} where a.active and ${where} order by (a.kind = 'PEOPLES_COMMITTEE') desc, a.name limit 1`,
      params,
    );
    return row ? { agencyId: row.id, unitId: row.unit_id } : null;
  };
  switch (version.level) {
    case ResolvingLevel.DISTRICT:
      if (localDateOf(at) >= DISTRICTS_ABOLISHED)
        refuse(
          `it is a district-level procedure and the district level was abolished on ${DISTRICTS_ABOLISHED}; the catalogue must publish a PROVINCE or COMMUNE version`,
        );
      return own;
    case ResolvingLevel.COMMUNE: {
      if (receiving.unit_level !== 3)
        refuse('a commune procedure is received at the one-stop desk of a commune');
      if (named.length)
        return (
          (await pick(`a.id = any(?::uuid[]) and a.unit_id = ?`, [pgArray(named), receiving.unit_id])) ??
          refuse('none of the agencies the procedure names is in this commune')
        );
      if (receiving.kind === 'PEOPLES_COMMITTEE') return own;
      return (
        (await pick(`a.kind = 'PEOPLES_COMMITTEE' and a.unit_id = ?`, [receiving.unit_id])) ??
        refuse("the commune has no People's Committee to resolve it")
      );
    }
    case ResolvingLevel.PROVINCE: {
      const province = `(select t.ancestor_id from staff_unit_tree_v t join staff_unit_v p on p.id = t.ancestor_id
                          where t.unit_id = ? and p.level = 1 limit 1)`;
      if (named.length)
        return (
          (await pick(`a.id = any(?::uuid[]) and a.unit_id = ${province}`, [
            pgArray(named),
            receiving.unit_id,
          ])) ?? refuse('none of the agencies the procedure names is in this province')
        );
      if (receiving.unit_level === 1 && receiving.kind !== 'PUBLIC_SERVICE_CENTRE') return own;
      return (
        (await pick(`a.kind = 'PEOPLES_COMMITTEE' and a.unit_id = ${province}`, [receiving.unit_id])) ??
        refuse("the province has no People's Committee to resolve it")
      );
    }
    default:
      return refuse('unknown level');
  }
}
