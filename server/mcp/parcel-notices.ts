import type { LoggingMessageNotification } from '@modelcontextprotocol/sdk/types.js';
import type { Parcel } from '../../protocol/index.js';

/**
 * A new parcel as an MCP logging message (`notifications/message`): the one push every MCP client
 * shows or forwards to its model without asking. It tells that something arrived and how to read
 * it; the parcel itself is read with messages_check, which is what marks it read.
 */
export function parcelNotice(parcel: Parcel): LoggingMessageNotification['params'] {
  const about = parcel.task ? ` about ${parcel.task}` : '';
  const attachments = parcel.attachments.length ? ` with ${parcel.attachments.length} attachment(s)` : '';
  return {
    level: 'notice',
    logger: 'switchboard',
    data: {
      text: `New ${parcel.kind} from @${parcel.from.name}${about}${attachments}: "${parcel.subject}". Read it with messages_check.`,
      parcel: { id: parcel.id, kind: parcel.kind, from: parcel.from.name, subject: parcel.subject, task: parcel.task, createdAt: parcel.createdAt },
    },
  };
}
