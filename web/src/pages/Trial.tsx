// Placeholder while the page is built in this change; replaced before it lands.
import type { ReactNode } from 'react';

export default function Trial(): ReactNode {
  return <div data-testid="page-Trial">Trial</div>;
}
