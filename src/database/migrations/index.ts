import { InitialSchema1795375335775 } from './1795375335775-InitialSchema';
import { TimersWebhooksStateSettings1795377003431 } from './1795377003431-TimersWebhooksStateSettings';
import { AuditAppendOnly1795380000000 } from './1795380000000-AuditAppendOnly';
import { AuditCheckpointsAccessLog1795380100000 } from './1795380100000-AuditCheckpointsAccessLog';
import { AuditSearchIndexes1795380200000 } from './1795380200000-AuditSearchIndexes';
import { Attachments1795380300000 } from './1795380300000-Attachments';
import { AuditCheckpointChunkRoots1795380400000 } from './1795380400000-AuditCheckpointChunkRoots';
import { MlaQueueName1795390000000 } from './1795390000000-MlaQueueName';
import { Federation1795400000000 } from './1795400000000-Federation';
import { FederationEnvelopes1795410000000 } from './1795410000000-FederationEnvelopes';
import { FederationAlerts1795420300000 } from './1795420300000-FederationAlerts';
import { FederationPeerDelivery1795420310000 } from './1795420310000-FederationPeerDelivery';
import { FederationQuarantine1795420600000 } from './1795420600000-FederationQuarantine';
import { FederationBlobs1795430000000 } from './1795430000000-FederationBlobs';
import { FederationCosignatures1795440000000 } from './1795440000000-FederationCosignatures';
import { FederationQuarantineLift1795460000000 } from './1795460000000-FederationQuarantineLift';
import { ConsoleSessions1795450000000 } from './1795450000000-ConsoleSessions';
import { ApiTokenLastUsed1795470000000 } from './1795470000000-ApiTokenLastUsed';
import { RequestAdditionalParties1795490000000 } from './1795490000000-RequestAdditionalParties';
import { StateDeclarations1795500000000 } from './1795500000000-StateDeclarations';
import { StateInterceptionOffences1795496450000 } from './1795496450000-StateInterceptionOffences';
import { FourEyes1795510000000 } from './1795510000000-FourEyes';
import { MaterialConditions1795520000000 } from './1795520000000-MaterialConditions';
import { Retention1795540000000 } from './1795540000000-Retention';

/** In order. Listed explicitly so that TS (tests) and JS (dist) load the same migrations. */
export const MIGRATIONS = [
  InitialSchema1795375335775,
  TimersWebhooksStateSettings1795377003431,
  AuditAppendOnly1795380000000,
  AuditCheckpointsAccessLog1795380100000,
  AuditSearchIndexes1795380200000,
  Attachments1795380300000,
  AuditCheckpointChunkRoots1795380400000,
  MlaQueueName1795390000000,
  Federation1795400000000,
  FederationEnvelopes1795410000000,
  FederationAlerts1795420300000,
  FederationPeerDelivery1795420310000,
  FederationQuarantine1795420600000,
  FederationBlobs1795430000000,
  FederationCosignatures1795440000000,
  ConsoleSessions1795450000000,
  FederationQuarantineLift1795460000000,
  ApiTokenLastUsed1795470000000,
  RequestAdditionalParties1795490000000,
  StateInterceptionOffences1795496450000,
  StateDeclarations1795500000000,
  FourEyes1795510000000,
  MaterialConditions1795520000000,
  Retention1795540000000,
];
