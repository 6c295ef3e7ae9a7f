import type { OutgoingNotification } from './channel';
import { type MailTransport, type Nodemailer, SmtpChannel, type SmtpSettings } from './smtp.channel';

const settings: SmtpSettings = {
  host: 'smtp.example',
  port: 465,
  secure: true,
  user: 'surge',
  password: 'secret',
  from: 'Surge <no-reply@surge.example>',
  customerAddress: '{customerId}@customers.example',
  operationsAddress: 'ops@surge.example',
};

const notification: OutgoingNotification = {
  id: 'b7a0f0de-3c55-4c59-9f5e-7f1c3c0b2f11',
  orderId: 'order-1',
  customerId: 'cust-7',
  correlationId: 'corr-1',
  type: 'ORDER_CONFIRMED',
  channel: 'customer',
  subject: 'Your order order-1 is confirmed',
  body: 'Thank you.',
  createdAt: new Date(0),
};

function fakeNodemailer(send: MailTransport['sendMail'] = () => Promise.resolve({})) {
  const sent: Parameters<MailTransport['sendMail']>[0][] = [];
  const options: Parameters<Nodemailer['createTransport']>[0][] = [];
  const nodemailer: Nodemailer = {
    createTransport: (given) => {
      options.push(given);
      return {
        sendMail: (message) => {
          sent.push(message);
          return send(message);
        },
        close: () => undefined,
      };
    },
  };
  return { load: () => Promise.resolve(nodemailer), sent, options };
}

describe('the SMTP channel', () => {
  it("mails a customer's notification to the customer's address, with the server settings", async () => {
    const mailer = fakeNodemailer();
    const channel = await SmtpChannel.create(settings, mailer.load);

    await channel.deliver(notification);

    expect(mailer.options).toEqual([
      { host: 'smtp.example', port: 465, secure: true, auth: { user: 'surge', pass: 'secret' } },
    ]);
    expect(mailer.sent).toEqual([
      {
        from: 'Surge <no-reply@surge.example>',
        to: 'cust-7@customers.example',
        subject: 'Your order order-1 is confirmed',
        text: 'Thank you.',
        headers: { 'X-Notification-Id': notification.id, 'X-Correlation-Id': 'corr-1' },
      },
    ]);
  });

  it('mails an operations alert to operations', async () => {
    const mailer = fakeNodemailer();
    const channel = await SmtpChannel.create(settings, mailer.load);

    await channel.deliver({ ...notification, type: 'FRAUD_ALERT', channel: 'operations' });

    expect(mailer.sent.map((mail) => mail.to)).toEqual(['ops@surge.example']);
  });

  it("reports the server's refusal as a failed delivery", async () => {
    const mailer = fakeNodemailer(() => Promise.reject(new Error('550 mailbox unavailable')));
    const channel = await SmtpChannel.create(settings, mailer.load);

    await expect(channel.deliver(notification)).rejects.toThrow('smtp: 550 mailbox unavailable');
  });
});
