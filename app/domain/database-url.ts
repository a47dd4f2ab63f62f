// Which engine a DATABASE_URL names (decision 009). Shared by the app and the scripts that set up a database.
export const isPostgresUrl = (url: string | undefined): boolean => /^postgres(ql)?:\/\//i.test(url ?? "");
