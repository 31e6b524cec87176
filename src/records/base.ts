export interface RecordBase {
  account: string | null;
  region: string;
}
