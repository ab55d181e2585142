// Placeholder while the page is built in this change; replaced before it lands.
import type { ReactNode } from 'react';

export default function Persons(): ReactNode {
  return <div data-testid="page-Persons">Persons</div>;
}
