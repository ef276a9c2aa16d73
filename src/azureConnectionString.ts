/** Why an Azure Storage connection string cannot work, or undefined. Never quotes it: it holds the account key. */
export function azureConnectionStringProblem(value: string): string | undefined {
  const parts = new Map<string, string>();
  for (const pair of value.split(';')) {
    const at = pair.indexOf('=');
    if (at > 0) parts.set(pair.slice(0, at).trim().toLowerCase(), pair.slice(at + 1).trim());
  }
  if (parts.get('usedevelopmentstorage')?.toLowerCase() === 'true') return undefined;
  if (parts.has('accountkey')) {
    if (!parts.get('accountname')) return 'has an AccountKey but no AccountName';
    const protocol = parts.get('defaultendpointsprotocol')?.toLowerCase();
    if (protocol !== 'https' && protocol !== 'http') return 'has no DefaultEndpointsProtocol=https';
    if (!parts.get('blobendpoint') && !parts.get('endpointsuffix'))
      return 'has neither a BlobEndpoint nor an EndpointSuffix';
    return undefined;
  }
  if (parts.has('sharedaccesssignature')) {
    if (!/^https?:\/\//.test(parts.get('blobendpoint') ?? ''))
      return 'has a SharedAccessSignature but no BlobEndpoint';
    return undefined;
  }
  return 'is not a storage connection string (it needs AccountName and AccountKey, or BlobEndpoint and SharedAccessSignature)';
}
