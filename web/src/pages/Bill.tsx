// Placeholder while the page is built in this change; replaced before it lands.
import type { ReactNode } from 'react';

export default function Bill(): ReactNode {
  return <div data-testid="page-Bill">Bill</div>;
}
