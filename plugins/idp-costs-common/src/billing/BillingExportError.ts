/** A billing export Slipway cannot read: the message says what is wrong with the file and what to do. The API answers 400. */
export class BillingExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BillingExportError';
  }
}
