/** The shared connector contract (connector-contract.ts) for Amazon, with each Orders API version it can list with. */
import { amazonFixture } from "./amazon.fixture";
import { describeConnectorContract } from "./connector-contract";

describeConnectorContract(amazonFixture({ ordersApiVersion: "v0" }));
describeConnectorContract(amazonFixture({ ordersApiVersion: "2026-01-01" }));
