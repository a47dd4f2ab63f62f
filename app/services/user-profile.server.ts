// The fields that describe a user to the rest of the app (who they are, their role and its binding),
// selected the same way wherever a user is read, and flattened to plain region codes.
export const userProfileSelect = {
  id: true,
  name: true,
  email: true,
  role: true,
  agencyId: true,
  homeKelurahanCode: true,
  regions: { select: { regionCode: true } },
} as const;

export function withRegionCodes<T extends { regions: { regionCode: string }[] }>({ regions, ...user }: T) {
  return { ...user, regionCodes: regions.map((r) => r.regionCode) };
}
