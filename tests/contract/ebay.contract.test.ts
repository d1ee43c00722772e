/** The shared connector contract (connector-contract.ts) for eBay. */
import { describeConnectorContract } from "./connector-contract";
import { ebayFixture } from "./ebay.fixture";

describeConnectorContract(ebayFixture());
