/** The shared connector contract (connector-contract.ts) for Etsy. */
import { describeConnectorContract } from "./connector-contract";
import { etsyFixture } from "./etsy.fixture";

describeConnectorContract(etsyFixture());
