import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { Transporter } from 'nodemailer';
import { assertOutsideTransaction } from '../db/outside-calls';

export interface MailMessage {
  to: string | string[];
  subject: string;
  text: string;
  html?: string;
  cc?: string | string[];
  replyTo?: string;
}

/**
 * Sends mail with nodemailer: over SMTP when SMTP_URL is set, otherwise each message is written as an
 * .eml file in the outbox folder, so development needs no mail server and every message can be read.
 */
export class Mailer {
  private readonly transport: Transporter;

  constructor(
    private readonly options: {
      smtpUrl: string | null;
      from: string;
      outboxDir: string;
      connectTimeoutMs?: number;
      socketTimeoutMs?: number;
    },
  ) {
    // nodemailer waits up to 2 min to connect, 30 s for the greeting and 10 min of silence by default:
    // a server that greets and then hangs would hold a mail job (and its worker slot) for 10 minutes.
    this.transport = options.smtpUrl
      ? nodemailer.createTransport({
          url: options.smtpUrl,
          connectionTimeout: options.connectTimeoutMs ?? 10_000,
          greetingTimeout: options.connectTimeoutMs ?? 10_000,
          socketTimeout: options.socketTimeoutMs ?? 60_000,
        })
      : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  get outboxDir(): string | null {
    return this.options.smtpUrl ? null : this.options.outboxDir;
  }

  /**
   * Sends one message. `messageKey` makes a retried send recognisable (same Message-ID) and, in the
   * outbox, overwrites the same file instead of writing a second one.
   */
  async send(message: MailMessage, messageKey: string): Promise<void> {
    assertOutsideTransaction('The mail server');
    const domain = this.options.from.match(/@([^>\s]+)/)?.[1] ?? 'localhost';
    const info = await this.transport.sendMail({
      from: this.options.from,
      ...message,
      messageId: `<${messageKey}@${domain}>`,
    });
    if (!this.options.smtpUrl) {
      await fs.mkdir(this.options.outboxDir, { recursive: true });
      const file = path.join(this.options.outboxDir, `${messageKey.replace(/[^a-zA-Z0-9._-]/g, '_')}.eml`);
      await fs.writeFile(file, info.message as Buffer);
    }
  }

  close(): void {
    this.transport.close();
  }
}
