import prisma from "../db.server";

// Loaders of the pages that later releases fill. Each still reads only its own shop's rows, so the
// two-shop isolation test covers them from the start.
export async function approvalsPage(_shop: string) {
  return { count: 0 };
}

export async function auditPage(shop: string) {
  return { count: await prisma.auditLog.count({ where: { shop } }) };
}

export async function flagsPage(_shop: string) {
  return { count: 0 };
}

export async function experimentsPage(_shop: string) {
  return { count: 0 };
}

export async function customersPage(shop: string) {
  return { count: await prisma.customer.count({ where: { shop } }) };
}
