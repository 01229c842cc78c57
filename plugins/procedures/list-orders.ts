import { defineSqlListOrder, OrderDirection } from '../../src';

// The orders procedures' lists offer (`orderBy: { field, direction }`): SQL expressions over the
// list's table, never null; the id breaks ties.

export const ProcedureOrder = defineSqlListOrder<'FIELD_AND_CODE' | 'CODE' | 'NAME'>(
  'ProcedureOrder',
  { FIELD_AND_CODE: ['field', 'code'], CODE: ['code'], NAME: ['name'] },
  { field: 'FIELD_AND_CODE', direction: OrderDirection.ASC },
  'Order of the procedure catalogue (FIELD_AND_CODE: by field (lĩnh vực), then national code)',
);

export const DossierOrder = defineSqlListOrder<'RECEIVED_AT' | 'CODE' | 'APPOINTMENT_AT'>(
  'DossierOrder',
  {
    // An online dossier not yet received sorts by its submission.
    RECEIVED_AT: ['coalesce(d.received_at, d.submitted_at)'],
    CODE: ['d.code'],
    // Dossiers without an appointment (not yet received) come last going up, first going down.
    APPOINTMENT_AT: [`coalesce(d.appointment_at, 'infinity'::timestamptz)`],
  },
  { field: 'RECEIVED_AT', direction: OrderDirection.DESC },
  'Order of the dossier register (RECEIVED_AT: received, or submitted online while not yet received)',
  'd.id',
);
