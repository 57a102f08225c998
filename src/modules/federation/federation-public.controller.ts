import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@/common/auth/access.decorators';
import { ApiErrors } from '@/common/openapi/api-errors.decorator';
import { type DeclarationsDocument, NodeDocumentService, type KeyLogDocument } from './node-document.service';
import type { NodeDocument } from './node-document';

/**
 * The node's public face to other nodes, readable by anyone (no token): who it is, its keys and its State's
 * declarations. On an installation that is not a node (no NODE_ORIGIN) all answer 404.
 */
@ApiTags('federation')
@Controller()
export class FederationPublicController {
  constructor(private readonly documents: NodeDocumentService) {}

  @Get('.well-known/coop-node.json')
  @Public()
  @Header('Cache-Control', 'no-cache')
  @ApiOperation({
    summary:
      'The node document, signed by the current key (detached JWS in `signature`, over the JCS form without it)',
  })
  @ApiOkResponse({ schema: { type: 'object' } })
  @ApiErrors(404, 503)
  document(): Promise<NodeDocument> {
    return this.documents.document();
  }

  @Get('federation/v1/key-log')
  @Public()
  @Header('Cache-Control', 'no-cache')
  @ApiOperation({ summary: "The node's hash-chained key events: inception, rotations, revocations" })
  @ApiOkResponse({ schema: { type: 'object' } })
  @ApiErrors(404, 503)
  keyLog(): Promise<KeyLogDocument> {
    return this.documents.keyLog();
  }

  @Get('federation/v1/declarations')
  @Public()
  @Header('Cache-Control', 'no-cache')
  @ApiOperation({
    summary:
      "The declarations of the node's own State under the Convention, signed by the current key (detached JWS in `signature`)",
  })
  @ApiOkResponse({ schema: { type: 'object' } })
  @ApiErrors(404, 503)
  declarations(): Promise<DeclarationsDocument> {
    return this.documents.declarations();
  }
}
