import ExcelJS from 'exceljs';
import type { FixtureFile } from './drive-fixture-server.js';

/** The folder the tests read. */
export const folderId = '1FolderSales';
export const clientId = 'fixture-client.apps.googleusercontent.com';
export const clientSecret = 'GOCSPX-fixture-secret';
export const refreshToken = '1//fixture-refresh-token';

const xlsxMimeType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function stockWorkbook(): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Stock');
  sheet.addRow(['unique_id', 'ds', 'y']);
  sheet.addRow(['beans', new Date(Date.UTC(2024, 1, 1)), 40]);
  sheet.addRow(['beans', new Date(Date.UTC(2024, 1, 2)), 35.5]);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/**
 * The fixture folder: a CSV, an .xlsx and a Google Sheet (the last two modified at the same instant), a
 * PDF the connector skips, a subfolder, a trashed CSV and a CSV of another folder (none of them read).
 */
export async function fixtureFiles(): Promise<FixtureFile[]> {
  return [
    {
      id: 'f1Sales',
      name: 'sales.csv',
      mimeType: 'text/csv',
      modifiedTime: '2024-03-01T10:00:00.000Z',
      parents: [folderId],
      content: 'unique_id,ds,y\nberlin,2024-01-01,120.5\nberlin,2024-01-02,98\nparis,2024-01-01,210\n',
    },
    {
      id: 'f2Stock',
      name: 'stock.xlsx',
      mimeType: xlsxMimeType,
      modifiedTime: '2024-03-02T09:00:00.000Z',
      parents: [folderId],
      content: await stockWorkbook(),
    },
    {
      id: 'f3Plan',
      name: 'Plan',
      mimeType: 'application/vnd.google-apps.spreadsheet',
      modifiedTime: '2024-03-02T09:00:00.000Z',
      parents: [folderId],
      content: 'month,visits\n2024-01,1500\n2024-02,\n2024-03,1720\n',
    },
    {
      id: 'f4Notes',
      name: 'notes.pdf',
      mimeType: 'application/pdf',
      modifiedTime: '2024-03-03T08:30:00.000Z',
      parents: [folderId],
      content: '%PDF-1.4 not read',
    },
    {
      id: 'f5Archive',
      name: 'Archive',
      mimeType: 'application/vnd.google-apps.folder',
      modifiedTime: '2024-03-04T08:30:00.000Z',
      parents: [folderId],
      content: '',
    },
    {
      id: 'f6Old',
      name: 'old.csv',
      mimeType: 'text/csv',
      modifiedTime: '2024-02-01T08:30:00.000Z',
      parents: [folderId],
      trashed: true,
      content: 'unique_id,ds,y\ngone,2024-01-01,1\n',
    },
    {
      id: 'f7Elsewhere',
      name: 'other.csv',
      mimeType: 'text/csv',
      modifiedTime: '2024-03-01T08:30:00.000Z',
      parents: ['1OtherFolder'],
      content: 'unique_id,ds,y\nother,2024-01-01,1\n',
    },
  ];
}
