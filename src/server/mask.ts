/** The one masking rule of ID numbers: src/people/certno.ts. */
export { maskCertno } from '../people/certno.js';
