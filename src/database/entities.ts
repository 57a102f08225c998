import { Attachment } from '@/modules/attachments/entities/attachment.entity';
import { ApiToken } from '@/modules/authorities/entities/api-token.entity';
import { Authority } from '@/modules/authorities/entities/authority.entity';
import { User } from '@/modules/authorities/entities/user.entity';
import { RequestConsent } from '@/modules/conditions/entities/consent.entity';
import { MaterialUse } from '@/modules/conditions/entities/material-use.entity';
import { RequestCondition } from '@/modules/conditions/entities/request-condition.entity';
import { AccessLogEntry } from '@/modules/audit/entities/access-log-entry.entity';
import { AuditCheckpoint } from '@/modules/audit/entities/audit-checkpoint.entity';
import { AuditEvent } from '@/workflows/history/audit-event.entity';
import { CooperationRequest } from '@/workflows/entities/cooperation-request.entity';
import { ReferenceCounter } from '@/workflows/entities/reference-counter.entity';
import { FederationPeer } from '@/modules/federation/entities/federation-peer.entity';
import { KeyLogEntry } from '@/modules/federation/entities/key-log-entry.entity';
import { PeerEvent } from '@/modules/federation/entities/peer-event.entity';
import { ActionPreparation } from '@/modules/four-eyes/entities/action-preparation.entity';
import { FourEyesPolicyRow } from '@/modules/four-eyes/entities/four-eyes-policy.entity';
import { StateDeclarationVersion } from '@/modules/jurisdictions/entities/state-declaration-version.entity';
import { StateSettings } from '@/modules/jurisdictions/entities/state-settings.entity';
import { WebhookDelivery } from '@/modules/notifications/entities/webhook-delivery.entity';
import { WebhookSubscription } from '@/modules/notifications/entities/webhook-subscription.entity';
import { OutboxEntry } from '@/workflows/outbox/outbox-entry.entity';

/** Every entity, listed explicitly so that tests (TS) and dist (JS) load the same set without globs. */
export const ENTITIES = [
  Authority,
  User,
  ApiToken,
  AuditEvent,
  AuditCheckpoint,
  AccessLogEntry,
  CooperationRequest,
  ReferenceCounter,
  OutboxEntry,
  StateSettings,
  StateDeclarationVersion,
  WebhookSubscription,
  WebhookDelivery,
  Attachment,
  RequestCondition,
  RequestConsent,
  MaterialUse,
  KeyLogEntry,
  FederationPeer,
  PeerEvent,
  FourEyesPolicyRow,
  ActionPreparation,
];
