// Placeholder while the page is built in this change; replaced before it lands.
import type { ReactNode } from 'react';

export default function Dashboard(): ReactNode {
  return <div data-testid="page-Dashboard">Dashboard</div>;
}
