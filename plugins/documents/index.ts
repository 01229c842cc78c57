/** The documents plugin's public face: what other plugins may use. */
export { documentsPlugin as plugin, documentsPlugin } from './documents.plugin';
export { OfficialDocument } from './entities/document.entity';
export { DocumentRegister } from './entities/register.entity';
export { DocumentHandler } from './entities/handler.entity';
export { DocumentTraceStep } from './entities/trace.entity';
export { DocumentRecipient } from './entities/recipient.entity';
export { DocumentAttachment } from './entities/attachment.entity';
export { DocumentSignature } from './entities/signature.entity';
export * from './entities/enums';
export * from './events';
export { DocumentsPermissions } from './permissions';
export type { DocumentsOptions } from './options';
export { documents, registers, incoming, outgoing, attachments, reports } from './services';
