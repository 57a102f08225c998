import type { CooperationRequest, Side } from '@/workflows';
import type { TransferDetailsDto } from './dto/transfer-details.dto';

/*
 * Which side of the request plays which part. The proposer is always the requesting side; whether it is the
 * sentencing or the administering State (art. 38), the State handing the proceedings over or the one taking
 * them (art. 39), its details say. The rows that only one of the two States may take read it from here.
 */

const other = (side: Side): Side => (side === 'requesting' ? 'requested' : 'requesting');

/** The side that receives: the administering State (art. 38) or the State taking the proceedings over (39). */
export function receivingSide(request: Pick<CooperationRequest, 'details'>): Side {
  const role = (request.details as TransferDetailsDto).proposerRole;
  return role === 'administering-state' || role === 'receiving-state' ? 'requesting' : 'requested';
}

/** The side that hands over: the sentencing State (art. 38) or the transferring State (art. 39). */
export function sendingSide(request: Pick<CooperationRequest, 'details'>): Side {
  return other(receivingSide(request));
}
