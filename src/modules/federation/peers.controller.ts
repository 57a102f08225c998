import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '@/common/auth/access.decorators';
import type { Principal } from '@/common/auth/principal';
import { ApiErrors } from '@/common/openapi/api-errors.decorator';
import { uuidPipe } from '@/common/validation/uuid.pipe';
import { AddPeerDto, ConfirmPeerDto, SuspendPeerDto } from './dto/peer-requests.dto';
import { PeerResponse } from './dto/peer.response';
import { type ImportedDeclarations, PeerDeclarationsService } from './peer-declarations.service';
import { PeersService } from './peers.service';

@ApiTags('federation')
@ApiBearerAuth()
@Controller('v1/federation/peers')
@Roles('admin')
export class PeersController {
  constructor(
    private readonly peers: PeersService,
    private readonly peerDeclarations: PeerDeclarationsService,
  ) {}

  @Post(':id/declarations/import')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Import a pinned peer's published declarations (its State's), verified with the pinned key, as a new version here",
  })
  @ApiOkResponse({ schema: { $ref: getSchemaPath('StateDeclarationsResponse') } })
  // 400 also PEER_UNREACHABLE (naming `origin`) and PEER_DECLARATIONS_INVALID (naming `declarations`).
  @ApiErrors(400, 401, 403, 404, 503)
  importDeclarations(
    @Param('id', uuidPipe('id')) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ImportedDeclarations> {
    return this.peerDeclarations.importFrom(id, principal);
  }

  @Get()
  @ApiOperation({
    summary: 'Peers with their status, fingerprint, who added and confirmed them, delivery health',
  })
  @ApiOkResponse({ type: [PeerResponse] })
  @ApiErrors(401, 403, 404, 503)
  list(): Promise<PeerResponse[]> {
    return this.peers.list();
  }

  @Post()
  @ApiOperation({
    summary:
      'Add a peer: fetches and verifies its node document and key log, shows its fingerprint; PENDING_CONFIRMATION until a second admin confirms it',
  })
  @ApiCreatedResponse({ type: PeerResponse })
  // 400 also PEER_UNREACHABLE and PEER_DOCUMENT_INVALID (naming `origin`); 409 PEER_EXISTS.
  @ApiErrors(400, 401, 403, 404, 409, 413, 503)
  add(@Body() dto: AddPeerDto, @CurrentPrincipal() principal: Principal): Promise<PeerResponse> {
    return this.peers.add(dto.origin, principal);
  }

  @Post(':id/confirm')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Pin a peer (PINNED): a different admin than the one who added it, typing the fingerprint received through an official channel',
  })
  @ApiOkResponse({ type: PeerResponse })
  // 403 also FOUR_EYES_REQUIRED; 409 PEER_NOT_PENDING or FINGERPRINT_MISMATCH (naming `fingerprint`).
  @ApiErrors(400, 401, 403, 404, 409, 413, 503)
  confirm(
    @Param('id', uuidPipe('id')) id: string,
    @Body() dto: ConfirmPeerDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PeerResponse> {
    return this.peers.confirm(id, dto.fingerprint, principal);
  }

  @Post(':id/suspend')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Suspend a peer (SUSPENDED): no longer trusted, its authorities unlisted; nothing deleted',
  })
  @ApiOkResponse({ type: PeerResponse })
  // 409 PEER_ALREADY_SUSPENDED.
  @ApiErrors(400, 401, 403, 404, 409, 413, 503)
  suspend(
    @Param('id', uuidPipe('id')) id: string,
    @Body() dto: SuspendPeerDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PeerResponse> {
    return this.peers.suspend(id, dto.reason, principal);
  }

  @Post(':id/resume')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Resume a suspended peer: back to PINNED (or PENDING_CONFIRMATION if never confirmed)',
  })
  @ApiOkResponse({ type: PeerResponse })
  // 409 PEER_NOT_SUSPENDED.
  @ApiErrors(400, 401, 403, 404, 409, 503)
  resume(
    @Param('id', uuidPipe('id')) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PeerResponse> {
    return this.peers.resume(id, principal);
  }
}
