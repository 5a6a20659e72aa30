/** The pgpass module (what pg itself uses for ~/.pgpass): finds the password of a connection. */
declare module 'pgpass' {
  interface ConnInfo {
    host: string;
    port: number;
    database: string;
    user: string;
  }
  export default function pgpass(connInfo: ConnInfo, cb: (password: string | undefined) => void): void;
}
