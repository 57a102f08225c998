import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AUTHORITY_KINDS } from '@/common/auth/authority-kind';

/** The signed-in user's authority (its public directory fields). */
export class SessionAuthority {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty() country!: string;
  @ApiProperty({ enum: AUTHORITY_KINDS }) kind!: string;
  @ApiProperty({ type: [String] }) languages!: string[];
}

export class SessionUser {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String], enum: ['officer', 'approver', 'auditor', 'admin'] }) roles!: string[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null for the operator admin' })
  authorityId!: string | null;
  @ApiPropertyOptional({ type: SessionAuthority, nullable: true })
  authority!: SessionAuthority | null;
}

export class SessionResponse {
  @ApiProperty({ type: SessionUser }) user!: SessionUser;
  @ApiProperty({
    description:
      'Send it back in X-CSRF-Token on every request with the cookie that is not GET, HEAD or OPTIONS',
  })
  csrfToken!: string;
  @ApiProperty({
    format: 'date-time',
    description: 'When the session ends unless used again (idle limit), or its absolute end if sooner',
  })
  expiresAt!: string;
}
