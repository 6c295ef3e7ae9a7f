import type { NotificationsConfig } from '../../notifications.config';
import { DeliveryError, type DeliveryChannel, type OutgoingNotification } from './channel';

/** The part of nodemailer this channel uses. */
export interface MailTransport {
  sendMail(message: {
    from: string;
    to: string;
    subject: string;
    text: string;
    headers?: Record<string, string>;
  }): Promise<unknown>;
  close(): void;
}

export interface Nodemailer {
  createTransport(options: {
    host: string;
    port: number;
    secure: boolean;
    auth?: { user: string; pass: string };
  }): MailTransport;
}

export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  readonly secure: boolean;
  readonly user?: string;
  readonly password?: string;
  readonly from: string;
  /** Contains `{customerId}`. */
  readonly customerAddress: string;
  readonly operationsAddress: string;
}

export function smtpSettings(config: NotificationsConfig): SmtpSettings | undefined {
  const { SMTP_HOST, SMTP_FROM, SMTP_CUSTOMER_ADDRESS, SMTP_OPERATIONS_ADDRESS } = config;
  // The config schema requires the rest whenever SMTP_HOST is set.
  if (!SMTP_HOST || !SMTP_FROM || !SMTP_CUSTOMER_ADDRESS || !SMTP_OPERATIONS_ADDRESS) return undefined;
  return {
    host: SMTP_HOST,
    port: config.SMTP_PORT,
    secure: config.SMTP_SECURE,
    user: config.SMTP_USER,
    password: config.SMTP_PASSWORD,
    from: SMTP_FROM,
    customerAddress: SMTP_CUSTOMER_ADDRESS,
    operationsAddress: SMTP_OPERATIONS_ADDRESS,
  };
}

/** Mails each notification through an SMTP server with nodemailer. */
export class SmtpChannel implements DeliveryChannel {
  readonly name = 'smtp';

  private constructor(
    private readonly transport: MailTransport,
    private readonly settings: SmtpSettings,
  ) {}

  /** Fails at start-up, not at the first mail, when nodemailer is not installed. */
  static async create(settings: SmtpSettings, load: () => Promise<Nodemailer> = loadNodemailer): Promise<SmtpChannel> {
    const nodemailer = await load();
    const auth = settings.user && settings.password ? { user: settings.user, pass: settings.password } : undefined;
    const transport = nodemailer.createTransport({
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      auth,
    });
    return new SmtpChannel(transport, settings);
  }

  async deliver(notification: OutgoingNotification): Promise<void> {
    const to =
      notification.channel === 'operations'
        ? this.settings.operationsAddress
        : this.settings.customerAddress.replaceAll('{customerId}', notification.customerId);
    try {
      await this.transport.sendMail({
        from: this.settings.from,
        to,
        subject: notification.subject,
        text: notification.body,
        headers: { 'X-Notification-Id': notification.id, 'X-Correlation-Id': notification.correlationId },
      });
    } catch (error) {
      throw new DeliveryError(`smtp: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }

  close(): Promise<void> {
    this.transport.close();
    return Promise.resolve();
  }
}

async function loadNodemailer(): Promise<Nodemailer> {
  // A variable specifier: the package is optional until SMTP is configured.
  const specifier = 'nodemailer';
  try {
    const loaded = (await import(specifier)) as { default?: Nodemailer } & Nodemailer;
    return loaded.default ?? loaded;
  } catch (error) {
    throw new Error('SMTP_HOST is set but the nodemailer package is not installed', { cause: error });
  }
}
