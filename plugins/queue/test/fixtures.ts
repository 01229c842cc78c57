import type { Operation, TestApp, Variables } from '../../../test/harness';
import type { StaffWorld } from '../../staff/test/fixtures';
import { createProcedure } from '../../procedures/test/helpers';
import {
  CreateDeviceDocument,
  CreateQueueServiceDocument,
  RegisterQueueKioskDocument,
  SetOfficeHoursDocument,
  UpdateDeviceDocument,
} from '../../../test/graphql/generated';

export interface QueueWorld {
  centreId: string;
  serviceId: string;
  /** A procedure of the catalogue (field "Hộ tịch"), for dossiers the tickets produce. */
  procedureId: string;
  kioskId: string;
  /** The kiosk credential, as shown once at registration. */
  credential: string;
}

/**
 * Through the API: agency A open all day every day (so tests do not depend on the hour), a service
 * "A" (a procedure of field "Hộ tịch" created for it) served at desk A, and a queue machine of the inventory registered as a kiosk at desk A's centre.
 */
export async function arrangeQueue(
  t: TestApp,
  w: StaffWorld,
  assetTag = 'HL-QUEUE-LIVE',
): Promise<QueueWorld> {
  const q = <T = any, V extends Variables = Variables>(query: Operation<T, V>, variables: V, token: string) =>
    t.query(query, variables, { token });
  const procedureId = (await createProcedure(t, w.adminToken)).id as string;
  const [{ centre_id: centreId }] = await t.sql(`select centre_id from staff_desk where id = $1`, [
    w.deskA.id,
  ]);
  await q(
    SetOfficeHoursDocument,
    {
      input: {
        agencyId: w.agencyA.id,
        days: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
          weekday,
          ranges: [{ start: '00:00', end: '24:00' }],
        })),
      },
    },
    w.adminToken,
  );
  const serviceId = (
    await q(
      CreateQueueServiceDocument,
      { input: { centreId, prefix: 'A', name: 'Hộ tịch', procedureField: 'Hộ tịch', deskIds: [w.deskA.id] } },
      w.itAdminA.token,
    )
  ).createQueueService.id;
  const deviceId = (
    await q(
      CreateDeviceDocument,
      { input: { assetTag, type: 'QUEUE_MACHINE', placement: { centreId } } },
      w.itAdminA.token,
    )
  ).createDevice.id;
  await q(UpdateDeviceDocument, { input: { id: deviceId, status: 'IN_SERVICE' } }, w.itAdminA.token);
  const registered = (await q(RegisterQueueKioskDocument, { input: { deviceId } }, w.itAdminA.token))
    .registerQueueKiosk;
  return {
    centreId,
    serviceId,
    procedureId,
    kioskId: registered.kiosk.id,
    credential: registered.credential,
  };
}

export const ISSUE_TICKET = `mutation($input: IssueQueueTicketInput!) { issueQueueTicket(input: $input) {
  ticket { id number } peopleAhead estimatedWaitSeconds } }`;
export const CALL_NEXT = `mutation($input: CallNextQueueTicketInput!) { callNextQueueTicket(input: $input) { ticket { id number } } }`;
