// Placeholder while the page is built in this change; replaced before it lands.
import type { ReactNode } from 'react';

export default function Users(): ReactNode {
  return <div data-testid="page-Users">Users</div>;
}
