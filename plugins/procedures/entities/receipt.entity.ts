import { Entity, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { BaseEntity } from '../../../src';
import { Dossier } from './dossier.entity';
import type { DossierChannel, ResultDelivery } from '../domain/enums';

/** What a receipt (Mẫu 01) says, as issued; never the PIN or the satisfaction token. */
export interface ReceiptData {
  dossierCode: string;
  agencyName: string;
  centreName: string | null;
  deskName: string | null;
  procedureCode: string;
  procedureName: string;
  caseName: string;
  channel: DossierChannel;
  applicantName: string;
  components: Array<{ name: string; originals: number; copies: number; digitisation: string }>;
  receivedAt: string;
  appointmentAt: string;
  placeOfReturn: string;
  resultDelivery: ResultDelivery;
  fees: Array<{ name: string; amount: number }>;
  feeTotal: number;
  receivedByName: string | null;
  lookupUrl: string;
}

/** Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01): one row per receipt issued. */
@Entity({ tableName: 'procedures_receipt' })
export class Receipt extends BaseEntity {
  @ManyToOne(() => Dossier, { ref: true, deleteRule: 'cascade' })
  dossier!: Ref<Dossier>;

  @Property({ type: 'timestamptz' })
  issuedAt!: Date;

  @Property({ type: 'text', nullable: true })
  issuedByName: string | null = null;

  /** INTAKE (with the reception) or REISSUE (new PIN and satisfaction link). */
  @Property({ type: 'text' })
  kind!: 'INTAKE' | 'REISSUE';

  @Property({ type: 'json' })
  data!: ReceiptData;
}
