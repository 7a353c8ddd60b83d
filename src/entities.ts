import { User } from './accounts/user.entity';
import { Session } from './accounts/session.entity';
import { RefreshToken } from './accounts/refresh-token.entity';
import { Invitation } from './accounts/invitation.entity';
import { SetupToken } from './accounts/setup-token.entity';
import { PasswordReset } from './accounts/password-reset.entity';
import { RecoveryCode } from './accounts/recovery-code.entity';
import { Setting } from './settings/setting.entity';
import { AuditEvent } from './audit/audit-event.entity';
import { Channel } from './channels/channel.entity';
import { ChannelMember } from './channels/channel-member.entity';
import { Country } from './directory/country.entity';
import { Member } from './directory/member.entity';
import { Message } from './messages/message.entity';
import { MessageMention } from './messages/message-mention.entity';
import { Notice } from './notices/notice.entity';
import { NoticeRecipient } from './notices/notice-recipient.entity';
import { Notification } from './notifications/notification.entity';
import { SearchDoc } from './search/search-doc.entity';
import { ThreadFollow } from './threads/thread-follow.entity';
import { Thread } from './threads/thread.entity';

/** Every entity, for the ORM (explicit, so discovery is the same in ts and in dist/). */
export const ENTITIES = [Country, Member, User, Session, RefreshToken, Invitation, SetupToken, AuditEvent, Channel, ChannelMember, Message, MessageMention, Notice, NoticeRecipient, Notification, Thread, ThreadFollow, SearchDoc, PasswordReset, RecoveryCode, Setting];
