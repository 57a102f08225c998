import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

/**
 * Security headers (helmet) on every response. The API answers JSON only, so its policy allows nothing to
 * load or frame it. The API docs page (/docs) runs Swagger UI: scripts, styles and images from this origin
 * (plus its inline styles and data: images), and no upgrade to https, so that it also works over plain
 * http inside a ministry's network.
 */
export function securityHeaders(
  docsPath = '/docs',
): (req: Request, res: Response, next: NextFunction) => void {
  const api = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
  });
  const docs = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        upgradeInsecureRequests: null,
      },
    },
  });
  return (req, res, next) => {
    const isDocs = req.path === docsPath || req.path.startsWith(`${docsPath}/`);
    (isDocs ? docs : api)(req, res, next);
  };
}
