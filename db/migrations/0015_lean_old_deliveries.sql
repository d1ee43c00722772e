-- Deliveries stored before they were kept lean (decision 022) hold whole payloads, buyer data included: each is
-- rewritten to the record kept today (app/.server/platforms/shopify/webhook-delivery-record.ts; decision 023).
-- json_patch('{}', …) drops the fields a payload did not have (and those that were null).
UPDATE `webhook_deliveries` SET `payload` = json_patch('{}', json_object(
	'id', json_extract(`payload`, '$.id'),
	'admin_graphql_api_id', json_extract(`payload`, '$.admin_graphql_api_id'),
	'order_id', json_extract(`payload`, '$.order_id'),
	'name', json_extract(`payload`, '$.name'),
	'status', json_extract(`payload`, '$.status'),
	'shipment_status', json_extract(`payload`, '$.shipment_status'),
	'location_id', json_extract(`payload`, '$.location_id'),
	'tracking_company', json_extract(`payload`, '$.tracking_company'),
	'tracking_number', json_extract(`payload`, '$.tracking_number'),
	'tracking_numbers', json(json_extract(`payload`, '$.tracking_numbers')),
	'created_at', json_extract(`payload`, '$.created_at'),
	'updated_at', json_extract(`payload`, '$.updated_at'),
	'line_items', CASE WHEN json_type(`payload`, '$.line_items') = 'array' THEN (
		SELECT json_group_array(json_patch('{}', json_object(
			'id', json_extract(`value`, '$.id'),
			'variant_id', json_extract(`value`, '$.variant_id'),
			'sku', json_extract(`value`, '$.sku'),
			'quantity', json_extract(`value`, '$.quantity')
		))) FROM json_each(`payload`, '$.line_items')
	) END
))
WHERE `platform` = 'shopify' AND `topic` IN ('fulfillments/create', 'fulfillments/update') AND json_valid(`payload`);
--> statement-breakpoint
UPDATE `webhook_deliveries` SET `payload` = json_patch('{}', json_object(
	'id', json_extract(`payload`, '$.id'),
	'myshopify_domain', json_extract(`payload`, '$.myshopify_domain')
))
WHERE `platform` = 'shopify' AND `topic` = 'app/uninstalled' AND json_valid(`payload`);
