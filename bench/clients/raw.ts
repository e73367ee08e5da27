// The baseline: a hand-written fetch and res.json(), no checks.
export function create(baseUrl: string, token: string) {
  const headers = { authorization: `Bearer ${token}`, accept: 'application/json' };
  return async (stageUuid: string): Promise<unknown> => {
    const response = await fetch(`${baseUrl}/stages/password/${stageUuid}/`, { headers });
    if (!response.ok) throw new Error(`status ${response.status}`);
    return response.json();
  };
}
