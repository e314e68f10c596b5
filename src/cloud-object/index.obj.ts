// Placeholder until the cloud object lands.
export = {};
