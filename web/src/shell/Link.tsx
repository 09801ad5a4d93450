import type { AnchorHTMLAttributes } from 'react';
import { followLink } from './router.js';

/** An anchor that navigates without reloading; it stays a real link (middle-click, copy address). */
export function Link(props: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  return <a {...props} onClick={followLink} />;
}
