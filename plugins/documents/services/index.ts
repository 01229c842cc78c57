import { RegistersService } from './registers.service';
import { DocumentsService } from './documents.service';
import { IncomingService } from './incoming.service';
import { OutgoingService } from './outgoing.service';
import { AttachmentsService } from './attachments.service';
import { ReportsService } from './reports.service';

/** Stateless services shared by resolvers and jobs. */
export const registers = new RegistersService();
export const documents = new DocumentsService();
export const incoming = new IncomingService(documents, registers);
export const outgoing = new OutgoingService(registers, incoming);
export const attachments = new AttachmentsService();
export const reports = new ReportsService();
