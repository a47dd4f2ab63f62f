import nodemailer, { type Transporter } from "nodemailer";
import { env } from "~/config.server";

// One SMTP transport per process. In development `npm start` runs a local capture (scripts/mail-capture.ts)
// at SMTP_URL's default; tests run their own capture and assert on what arrived.
let transport: Transporter | undefined;

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** Message-ID header: the outbox row's id, so a resend after a crash is recognisable as the same message. */
  messageId: string;
}

export async function sendMail(mail: OutgoingMail): Promise<void> {
  transport ??= nodemailer.createTransport(env().SMTP_URL, { from: env().MAIL_FROM });
  await transport.sendMail({
    from: env().MAIL_FROM,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    messageId: `<${mail.messageId}@musyawarah>`,
    headers: { "Auto-Submitted": "auto-generated" },
  });
}
