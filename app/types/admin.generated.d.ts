/* eslint-disable eslint-comments/disable-enable-pair */
/* eslint-disable eslint-comments/no-unlimited-disable */
/* eslint-disable */
import type * as AdminTypes from './admin.types.js';

export type AuthorizationCheckQueryVariables = AdminTypes.Exact<{ [key: string]: never; }>;


export type AuthorizationCheckQuery = { shop: Pick<AdminTypes.Shop, 'id'> };

export type VariantsBySkuQueryVariables = AdminTypes.Exact<{
  query: AdminTypes.Scalars['String']['input'];
  first: AdminTypes.Scalars['Int']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type VariantsBySkuQuery = { productVariants: { nodes: Array<(
      Pick<AdminTypes.ProductVariant, 'id' | 'sku' | 'title' | 'inventoryQuantity'>
      & { product: Pick<AdminTypes.Product, 'id'> }
    )>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } };

export type OrderLinesFragment = { lineItems: { nodes: Array<(
      Pick<AdminTypes.LineItem, 'id' | 'sku' | 'quantity'>
      & { variant?: AdminTypes.Maybe<Pick<AdminTypes.ProductVariant, 'id'>> }
    )> } };

export type OrdersBySourceQueryVariables = AdminTypes.Exact<{
  query: AdminTypes.Scalars['String']['input'];
}>;


export type OrdersBySourceQuery = { orders: { nodes: Array<(
      Pick<AdminTypes.Order, 'id' | 'name' | 'sourceIdentifier'>
      & { lineItems: { nodes: Array<(
          Pick<AdminTypes.LineItem, 'id' | 'sku' | 'quantity'>
          & { variant?: AdminTypes.Maybe<Pick<AdminTypes.ProductVariant, 'id'>> }
        )> } }
    )> } };

export type OrdersImportedElsewhereQueryVariables = AdminTypes.Exact<{
  query: AdminTypes.Scalars['String']['input'];
}>;


export type OrdersImportedElsewhereQuery = { orders: { nodes: Array<(
      Pick<AdminTypes.Order, 'id' | 'name' | 'sourceIdentifier' | 'tags'>
      & { customAttributes: Array<Pick<AdminTypes.Attribute, 'key' | 'value'>> }
    )> } };

export type OrderWithLinesQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type OrderWithLinesQuery = { order?: AdminTypes.Maybe<(
    Pick<AdminTypes.Order, 'id' | 'name'>
    & { lineItems: { nodes: Array<(
        Pick<AdminTypes.LineItem, 'id' | 'sku' | 'quantity'>
        & { variant?: AdminTypes.Maybe<Pick<AdminTypes.ProductVariant, 'id'>> }
      )> } }
  )> };

export type CreateMarketplaceOrderMutationVariables = AdminTypes.Exact<{
  order: AdminTypes.OrderCreateOrderInput;
  options?: AdminTypes.InputMaybe<AdminTypes.OrderCreateOptionsInput>;
}>;


export type CreateMarketplaceOrderMutation = { orderCreate?: AdminTypes.Maybe<{ order?: AdminTypes.Maybe<(
      Pick<AdminTypes.Order, 'id' | 'name'>
      & { lineItems: { nodes: Array<(
          Pick<AdminTypes.LineItem, 'id' | 'sku' | 'quantity'>
          & { variant?: AdminTypes.Maybe<Pick<AdminTypes.ProductVariant, 'id'>> }
        )> } }
    )>, userErrors: Array<Pick<AdminTypes.OrderCreateUserError, 'field' | 'message' | 'code'>> }> };

export type OrderCancelledAtQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type OrderCancelledAtQuery = { order?: AdminTypes.Maybe<Pick<AdminTypes.Order, 'id' | 'cancelledAt'>> };

export type CancelMarketplaceOrderMutationVariables = AdminTypes.Exact<{
  orderId: AdminTypes.Scalars['ID']['input'];
  staffNote?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type CancelMarketplaceOrderMutation = { orderCancel?: AdminTypes.Maybe<{ job?: AdminTypes.Maybe<Pick<AdminTypes.Job, 'id'>>, orderCancelUserErrors: Array<Pick<AdminTypes.OrderCancelUserError, 'field' | 'message' | 'code'>> }> };

export type FulfillmentLinesFragment = { fulfillmentLineItems: { nodes: Array<(
      Pick<AdminTypes.FulfillmentLineItem, 'quantity'>
      & { lineItem: Pick<AdminTypes.LineItem, 'id' | 'sku'> }
    )>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } };

export type OrderFulfillmentsQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type OrderFulfillmentsQuery = { order?: AdminTypes.Maybe<(
    Pick<AdminTypes.Order, 'id'>
    & { fulfillments: Array<(
      Pick<AdminTypes.Fulfillment, 'id' | 'status' | 'createdAt' | 'updatedAt'>
      & { trackingInfo: Array<Pick<AdminTypes.FulfillmentTrackingInfo, 'company' | 'number'>>, fulfillmentLineItems: { nodes: Array<(
          Pick<AdminTypes.FulfillmentLineItem, 'quantity'>
          & { lineItem: Pick<AdminTypes.LineItem, 'id' | 'sku'> }
        )>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } }
    )> }
  )> };

export type FulfillmentLinesQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type FulfillmentLinesQuery = { fulfillment?: AdminTypes.Maybe<{ fulfillmentLineItems: { nodes: Array<(
        Pick<AdminTypes.FulfillmentLineItem, 'quantity'>
        & { lineItem: Pick<AdminTypes.LineItem, 'id' | 'sku'> }
      )>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } }> };

interface GeneratedQueryTypes {
  "#graphql\n  query AuthorizationCheck {\n    shop {\n      id\n    }\n  }\n": {return: AuthorizationCheckQuery, variables: AuthorizationCheckQueryVariables},
  "#graphql\n  query variantsBySku($query: String!, $first: Int!, $after: String) {\n    productVariants(first: $first, query: $query, after: $after) {\n      nodes { id sku title inventoryQuantity product { id } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }": {return: VariantsBySkuQuery, variables: VariantsBySkuQueryVariables},
  "#graphql\n  query ordersBySource($query: String!) {\n    orders(first: 3, query: $query) {\n      nodes { id name sourceIdentifier ...OrderLines }\n    }\n  }\n  #graphql\n  fragment OrderLines on Order {\n    lineItems(first: 100) { nodes { id sku quantity variant { id } } }\n  }": {return: OrdersBySourceQuery, variables: OrdersBySourceQueryVariables},
  "#graphql\n  query ordersImportedElsewhere($query: String!) {\n    orders(first: 10, query: $query) {\n      nodes { id name sourceIdentifier tags customAttributes { key value } }\n    }\n  }": {return: OrdersImportedElsewhereQuery, variables: OrdersImportedElsewhereQueryVariables},
  "#graphql\n  query orderWithLines($id: ID!) {\n    order(id: $id) { id name ...OrderLines }\n  }\n  #graphql\n  fragment OrderLines on Order {\n    lineItems(first: 100) { nodes { id sku quantity variant { id } } }\n  }": {return: OrderWithLinesQuery, variables: OrderWithLinesQueryVariables},
  "#graphql\n  query orderCancelledAt($id: ID!) {\n    order(id: $id) { id cancelledAt }\n  }": {return: OrderCancelledAtQuery, variables: OrderCancelledAtQueryVariables},
  "#graphql\n  query orderFulfillments($id: ID!, $after: String) {\n    order(id: $id) {\n      id\n      fulfillments(first: 250) {\n        id status createdAt updatedAt\n        trackingInfo(first: 1) { company number }\n        ...FulfillmentLines\n      }\n    }\n  }\n  #graphql\n  fragment FulfillmentLines on Fulfillment {\n    fulfillmentLineItems(first: 25, after: $after) {\n      nodes { quantity lineItem { id sku } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }": {return: OrderFulfillmentsQuery, variables: OrderFulfillmentsQueryVariables},
  "#graphql\n  query fulfillmentLines($id: ID!, $after: String) {\n    fulfillment(id: $id) { ...FulfillmentLines }\n  }\n  #graphql\n  fragment FulfillmentLines on Fulfillment {\n    fulfillmentLineItems(first: 25, after: $after) {\n      nodes { quantity lineItem { id sku } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }": {return: FulfillmentLinesQuery, variables: FulfillmentLinesQueryVariables},
}

interface GeneratedMutationTypes {
  "#graphql\n  mutation createMarketplaceOrder($order: OrderCreateOrderInput!, $options: OrderCreateOptionsInput) {\n    orderCreate(order: $order, options: $options) {\n      order { id name ...OrderLines }\n      userErrors { field message code }\n    }\n  }\n  #graphql\n  fragment OrderLines on Order {\n    lineItems(first: 100) { nodes { id sku quantity variant { id } } }\n  }": {return: CreateMarketplaceOrderMutation, variables: CreateMarketplaceOrderMutationVariables},
  "#graphql\n  mutation cancelMarketplaceOrder($orderId: ID!, $staffNote: String) {\n    orderCancel(\n      orderId: $orderId\n      refundMethod: { originalPaymentMethodsRefund: false }\n      restock: true\n      reason: OTHER\n      notifyCustomer: false\n      staffNote: $staffNote\n    ) {\n      job { id }\n      orderCancelUserErrors { field message code }\n    }\n  }": {return: CancelMarketplaceOrderMutation, variables: CancelMarketplaceOrderMutationVariables},
}
declare module '@shopify/admin-api-client' {
  type InputMaybe<T> = AdminTypes.InputMaybe<T>;
  interface AdminQueries extends GeneratedQueryTypes {}
  interface AdminMutations extends GeneratedMutationTypes {}
}
